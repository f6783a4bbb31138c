package dev.fovea.trainer.model.sagemaker;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the files in a SageMaker Image Classification model ({@code model.tar.gz} holds them side by side):
 * the network's symbol, its parameters after an epoch, and the shape of the data it was trained on.
 */
public final class SageMakerModelFiles {

    /** The prefix MXNet's checkpoints carry: {@code <prefix>-symbol.json}, {@code <prefix>-NNNN.params}. */
    public static final String PREFIX = "image-classification";

    public static final String SYMBOL = PREFIX + "-symbol.json";
    public static final String SHAPES = "model-shapes.json";
    /** How messages name the parameters files. */
    public static final String PARAMETERS_PATTERN = PREFIX + "-NNNN.params";

    private static final Pattern PARAMETERS = Pattern.compile(Pattern.quote(PREFIX) + "-(\\d{4,9})\\.params");

    private SageMakerModelFiles() {}

    /** The parameters file of {@code epoch}: {@code image-classification-0017.params}. */
    public static String parameters(int epoch) {
        return String.format("%s-%04d.params", PREFIX, epoch);
    }

    /** The epoch a parameters file is named after, or empty for another name. */
    public static OptionalInt epochOf(String fileName) {
        Matcher matcher = PARAMETERS.matcher(fileName);
        return matcher.matches() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }
}
