package dev.fovea.trainer.pretrained;

import ai.djl.ndarray.types.Shape;
import dev.fovea.trainer.ClientError;
import java.util.ArrayList;
import java.util.List;

/** Whether a trained model is the network a job trains, as incremental training needs: same depth, classes, shape. */
public final class ModelFit {

    private ModelFit() {}

    /**
     * Checks the model read from {@code source} against the job's settings.
     *
     * @throws ClientError naming each setting that differs, with both values
     */
    public static void require(
            String source,
            int numLayers,
            int numClasses,
            Shape imageShape,
            int expectedLayers,
            int expectedClasses,
            Shape expectedImageShape) {
        List<String> mismatches = new ArrayList<>();
        if (numLayers != expectedLayers) {
            mismatches.add("num_layers is " + expectedLayers + " but the model has " + numLayers);
        }
        if (numClasses != expectedClasses) {
            mismatches.add("num_classes is " + expectedClasses + " but the model has " + numClasses);
        }
        if (!imageShape.equals(expectedImageShape)) {
            mismatches.add("image_shape is " + commaSeparated(expectedImageShape) + " but the model was trained on "
                    + commaSeparated(imageShape));
        }
        if (!mismatches.isEmpty()) {
            throw new ClientError(
                    "The model in " + source + " does not fit this job: " + String.join("; ", mismatches));
        }
    }

    private static String commaSeparated(Shape shape) {
        return String.join(
                ",", shape.stream().map(pair -> Long.toString(pair.getKey())).toList());
    }
}
