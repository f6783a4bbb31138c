package dev.fovea.trainer.exchange.params;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;

/**
 * Writes values that arrived over the network into a live parameter or gradient. Never through
 * {@code NDArray.set(Buffer)} or {@code copyTo} from Java memory (both can crash the JVM on a tensor autograd
 * holds): the values become a new native array (converted to the target's type, e.g. float16), and the target is
 * overwritten by native ops.
 */
public final class InPlace {

    private InPlace() {}

    /** Overwrites {@code target} with {@code length} floats of {@code source} from {@code offset}. */
    public static void overwrite(NDArray target, float[] source, int offset, int length) {
        overwrite(target, FloatBuffer.wrap(source, offset, length));
    }

    /** Overwrites {@code target} with the floats remaining in {@code source}, which must match its size. */
    public static void overwrite(NDArray target, FloatBuffer source) {
        Shape shape = target.getShape();
        if (source.remaining() != shape.size()) {
            throw new IllegalArgumentException("received " + source.remaining() + " values for a parameter of shape "
                    + shape + " (" + shape.size() + " values): the hosts run different models");
        }
        try (NDManager scratch = target.getManager().newSubManager()) {
            overwrite(target, scratch.create(source, shape));
        }
    }

    /** Overwrites {@code target} with {@code values} (same size; any type and device), converted to its own. */
    public static void overwrite(NDArray target, NDArray values) {
        NoGrad.run(() -> {
            try (NDManager scratch = target.getManager().newSubManager()) {
                NDArray onDevice = values.toDevice(target.getDevice(), false);
                NDArray received = onDevice.getDataType() == target.getDataType()
                        ? onDevice
                        : onDevice.toType(target.getDataType(), false);
                for (NDArray made : new NDArray[] {onDevice, received}) {
                    if (made != values) {
                        made.attach(scratch);
                    }
                }
                target.subi(target).addi(received.reshape(target.getShape()));
            }
        });
    }

    /** Sets {@code gradient} to zero, as the optimizer would after applying it. */
    public static void zero(NDArray gradient) {
        NoGrad.run(() -> gradient.subi(gradient));
    }
}
