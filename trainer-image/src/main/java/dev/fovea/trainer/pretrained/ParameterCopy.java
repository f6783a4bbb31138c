package dev.fovea.trainer.pretrained;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.fovea.trainer.ClientError;
import java.nio.FloatBuffer;

/** Overwrites an initialised parameter in place with pretrained values of the same shape. */
final class ParameterCopy {

    private ParameterCopy() {}

    /**
     * Copies {@code values} (row-major, of {@code shape}) into {@code target}'s array.
     *
     * @param source names the values for the error message, e.g. {@code "model.pt: tensor layer1.0.conv1.weight"}
     * @param network names the receiving network, e.g. {@code "ResNet-20"}
     * @throws ClientError giving both shapes when they differ
     */
    public static void copy(Parameter target, float[] values, Shape shape, String source, String network) {
        NDArray array = target.getArray();
        if (!array.getShape().equals(shape)) {
            throw new ClientError(
                    source + " has shape " + shape + " but " + network + " needs " + array.getShape() + " there");
        }
        array.set(FloatBuffer.wrap(values));
    }
}
