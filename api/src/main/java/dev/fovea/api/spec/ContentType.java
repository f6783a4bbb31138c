package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.EnumSet;
import java.util.Set;

/**
 * The content type of a channel, as SageMaker spells it in {@code inputdataconfig.json}. SageMaker accepts
 * {@code image/jpeg} and {@code image/png} as spellings of {@code application/x-image}: the channel holds JPEG or PNG
 * files whichever of the three it names.
 */
public enum ContentType implements SageMakerValue {
    @JsonProperty("application/x-recordio")
    RECORDIO,
    @JsonProperty("application/x-image")
    IMAGE,
    @JsonProperty("image/jpeg")
    IMAGE_JPEG,
    @JsonProperty("image/png")
    IMAGE_PNG,
    @JsonProperty("application/x-sagemaker-model")
    SAGEMAKER_MODEL;

    /** The content types of image files (JPEG or PNG): {@code application/x-image}, {@code image/jpeg}, {@code image/png}. */
    public static final Set<ContentType> IMAGE_FILES = EnumSet.of(IMAGE, IMAGE_JPEG, IMAGE_PNG);

    /** Whether the channel holds image files rather than RecordIO records or a model. */
    public boolean imageFiles() {
        return IMAGE_FILES.contains(this);
    }
}
