package dev.fovea.api.contract;

import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.LabelFormat;
import dev.fovea.api.spec.SageMakerValue;

/**
 * A channel's content type as SageMaker writes it, with its parameters: {@code application/x-recordio;
 * label-format=class-id}. Other parameters are ignored.
 *
 * @param labelFormat the {@code label-format} parameter, or {@code null} when the content type has none
 */
public record ChannelContentType(ContentType type, LabelFormat labelFormat) {

    /**
     * Parses the content type.
     *
     * @throws IllegalArgumentException saying what is not allowed, for the caller to put in context
     */
    public static ChannelContentType parse(String text) {
        String[] parts = text == null ? new String[] {""} : text.split(";");
        ContentType type = SageMakerValue.fromSageMakerName(ContentType.class, parts[0].strip());
        if (type == null) {
            throw new IllegalArgumentException("'" + text + "' is not a content type of the algorithm; allowed are "
                    + SageMakerValue.allowedNames(ContentType.class) + ", optionally with a " + LabelFormat.PARAMETER
                    + " parameter");
        }
        LabelFormat labelFormat = null;
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].strip().equals(LabelFormat.PARAMETER)) {
                labelFormat = SageMakerValue.fromSageMakerName(LabelFormat.class, parameter[1].strip());
                if (labelFormat == null) {
                    throw new IllegalArgumentException(
                            "'" + text + "' has " + LabelFormat.PARAMETER + " '" + parameter[1].strip()
                                    + "'; allowed are " + SageMakerValue.allowedNames(LabelFormat.class));
                }
            }
        }
        return new ChannelContentType(type, labelFormat);
    }

    /** The content type as SageMaker writes it: the label format only when set and not the default multi-hot. */
    public String format() {
        return labelFormat == null || labelFormat == LabelFormat.MULTI_HOT
                ? type.sageMakerName()
                : type.sageMakerName() + "; " + LabelFormat.PARAMETER + "=" + labelFormat.sageMakerName();
    }
}
