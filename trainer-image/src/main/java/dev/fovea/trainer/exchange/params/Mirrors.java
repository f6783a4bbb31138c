package dev.fovea.trainer.exchange.params;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import java.lang.reflect.Field;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One parameter's copies on the devices a host trains on. With several GPUs, DJL's {@code ParameterStore} mirrors
 * every parameter onto each device, each copy collects the gradient of its slice of the batch, and
 * {@code trainer.step()} sums them. So the exchange sends the sum of the copies' gradients, leaves that sum behind
 * for {@code trainer.step()} (in the first copy, zeros in the others), and writes weights that arrive into every copy.
 * On one device the only copy is the parameter's own array. Values travel as float32 whatever the parameters' type.
 *
 * @param copies the copies, the first on the first training device
 */
public record Mirrors(List<NDArray> copies) {

    public Mirrors {
        copies = List.copyOf(copies);
    }

    /** The copies of {@code parameter} on every device of {@code trainer}, created now if DJL has not yet. */
    public static Mirrors of(Trainer trainer, Parameter parameter) {
        ParameterStore store = parameterStore(trainer);
        List<NDArray> copies = new ArrayList<>();
        for (Device device : trainer.getDevices()) {
            copies.add(store.getValue(parameter, device, true));
        }
        return new Mirrors(copies);
    }

    /** The copy the exchange reads values from. */
    public NDArray primary() {
        return copies.getFirst();
    }

    /** The gradient summed over the copies, as float32 values. */
    public float[] gradientSum() {
        float[] sum = null;
        for (NDArray copy : copies) {
            try (NDArray gradient = copy.getGradient()) {
                float[] values = floats(gradient);
                if (sum == null) {
                    sum = values;
                } else {
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += values[i];
                    }
                }
            }
        }
        return sum;
    }

    /**
     * The gradient summed over the copies, as a new float32 array on the CPU attached to {@code scratch} (whatever
     * the parameters' type and devices).
     */
    public NDArray gradientSum(NDManager scratch) {
        NDArray sum = null;
        for (NDArray copy : copies) {
            try (NDArray gradient = copy.getGradient()) {
                NDArray values = float32OnCpu(gradient, scratch);
                if (sum == null) {
                    sum = values;
                } else {
                    NDArray total = sum;
                    NoGrad.run(() -> total.addi(values));
                    values.close();
                }
            }
        }
        return sum;
    }

    /** A new float32 copy of {@code array} on the CPU, flat and contiguous, attached to {@code scratch}. */
    public static NDArray float32OnCpu(NDArray array, NDManager scratch) {
        return NoGrad.call(() -> {
            NDArray onCpu = array.toDevice(Device.cpu(), false);
            NDArray values = onCpu.toType(DataType.FLOAT32, true);
            if (onCpu != array) {
                onCpu.close();
            }
            values.attach(scratch);
            // a view of a contiguous copy; a contiguous copy of a strided one (channels-last, say)
            NDArray flat = values.reshape(-1);
            flat.attach(scratch);
            return flat;
        });
    }

    /** Leaves gradients that sum to {@code values}: the first copy's holds them, the others' are zero. */
    public void setGradientSum(FloatBuffer values) {
        setGradientSum(first -> InPlace.overwrite(first, values));
    }

    /** As {@link #setGradientSum(FloatBuffer)}, from an array of any type and device. */
    public void setGradientSum(NDArray values) {
        setGradientSum(first -> InPlace.overwrite(first, values));
    }

    private void setGradientSum(Consumer<NDArray> writeFirst) {
        for (int i = 0; i < copies.size(); i++) {
            try (NDArray gradient = copies.get(i).getGradient()) {
                if (i == 0) {
                    writeFirst.accept(gradient);
                } else {
                    InPlace.zero(gradient);
                }
            }
        }
    }

    /** Zeroes every copy's gradient, as an optimizer step would. */
    public void zeroGradients() {
        for (NDArray copy : copies) {
            try (NDArray gradient = copy.getGradient()) {
                InPlace.zero(gradient);
            }
        }
    }

    /** Writes {@code values} into every copy. */
    public void overwrite(FloatBuffer values) {
        for (NDArray copy : copies) {
            InPlace.overwrite(copy, values.duplicate());
        }
    }

    /** Writes {@code values} (any type and device) into every copy. */
    public void overwrite(NDArray values) {
        for (NDArray copy : copies) {
            InPlace.overwrite(copy, values);
        }
    }

    /** An array's values as float32, converted from float16 or another floating type if need be. */
    public static float[] floats(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32) {
            return array.toFloatArray();
        }
        try (NDArray converted = array.toType(DataType.FLOAT32, true)) {
            return converted.toFloatArray();
        }
    }

    /** DJL keeps the per-device copies in the trainer's {@code ParameterStore} and offers no getter for it. */
    private static ParameterStore parameterStore(Trainer trainer) {
        try {
            Field field = Trainer.class.getDeclaredField("parameterStore");
            field.setAccessible(true);
            return (ParameterStore) field.get(trainer);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "this DJL version's Trainer keeps no parameterStore field; the gradient "
                            + "exchange needs it to reach the parameters' per-device copies",
                    e);
        }
    }
}
