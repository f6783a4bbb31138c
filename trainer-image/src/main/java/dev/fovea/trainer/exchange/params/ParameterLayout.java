package dev.fovea.trainer.exchange.params;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The model's parameters in one fixed order, the same on every host (same architecture, same names), laid end to
 * end in a flat float vector: trainable parameters first (their gradients travel), then the others (BatchNorm's
 * running statistics, whose values travel). Hosts agree on a parameter by its index and name, never by DJL's
 * per-process parameter ids.
 */
public final class ParameterLayout {

    /** One parameter's place in the flat vector. */
    public record Slot(int index, String name, Parameter parameter, int offset, int size, boolean trainable) {

        public NDArray array() {
            return parameter.getArray();
        }
    }

    private final List<Slot> slots;
    private final int trainableFloats;
    private final int totalFloats;

    private ParameterLayout(List<Slot> slots, int trainableFloats, int totalFloats) {
        this.slots = List.copyOf(slots);
        this.trainableFloats = trainableFloats;
        this.totalFloats = totalFloats;
    }

    /** The layout of the trainer's (initialized) model. */
    public static ParameterLayout of(Trainer trainer) {
        List<Pair<String, Parameter>> trainable = new ArrayList<>();
        List<Pair<String, Parameter>> others = new ArrayList<>();
        for (Pair<String, Parameter> named : trainer.getModel().getBlock().getParameters()) {
            Parameter parameter = named.getValue();
            if (!parameter.isInitialized()) {
                throw new IllegalStateException("parameter " + named.getKey() + " is not initialized: call "
                        + "trainer.initialize(shape) before GradientExchange.start");
            }
            if (parameter.getArray().getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("the gradient exchange carries float32 parameters; "
                        + named.getKey() + " is " + parameter.getArray().getDataType());
            }
            (parameter.requiresGradient() ? trainable : others).add(named);
        }
        List<Slot> slots = new ArrayList<>();
        int offset = 0;
        for (Pair<String, Parameter> named : trainable) {
            offset = add(slots, named, offset, true);
        }
        int trainableFloats = offset;
        for (Pair<String, Parameter> named : others) {
            offset = add(slots, named, offset, false);
        }
        return new ParameterLayout(slots, trainableFloats, offset);
    }

    private static int add(List<Slot> slots, Pair<String, Parameter> named, int offset, boolean trainable) {
        long size = named.getValue().getArray().getShape().size();
        if (offset + size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the model has more than 2^31 parameter values; the exchange cannot carry it");
        }
        slots.add(new Slot(slots.size(), named.getKey(), named.getValue(), offset, (int) size, trainable));
        return offset + (int) size;
    }

    public List<Slot> slots() {
        return slots;
    }

    public List<Slot> trainableSlots() {
        return slots.subList(0, (int) slots.stream().filter(Slot::trainable).count());
    }

    public Slot slot(int index) {
        return slots.get(index);
    }

    /** Values in the trainable part of the flat vector. */
    public int trainableFloats() {
        return trainableFloats;
    }

    public int totalFloats() {
        return totalFloats;
    }

    /**
     * Copies every trainable parameter's gradient, then every other parameter's value, into {@code flat}.
     */
    public void readGradientsAndStatistics(float[] flat) {
        for (Slot slot : slots) {
            if (slot.trainable()) {
                try (NDArray gradient = slot.array().getGradient()) {
                    read(gradient, flat, slot.offset());
                }
            } else {
                read(slot.array(), flat, slot.offset());
            }
        }
    }

    /** The reverse of {@link #readGradientsAndStatistics}: gradients into the gradients, values into the values. */
    public void writeGradientsAndStatistics(float[] flat) {
        for (Slot slot : slots) {
            if (slot.trainable()) {
                try (NDArray gradient = slot.array().getGradient()) {
                    InPlace.overwrite(gradient, flat, slot.offset(), slot.size());
                }
            } else {
                InPlace.overwrite(slot.array(), flat, slot.offset(), slot.size());
            }
        }
    }

    /** One parameter's current value as little-endian bytes, for the wire. */
    public static ByteBuffer valueBytes(NDArray array) {
        float[] values = array.toFloatArray();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes;
    }

    /** A trainable parameter's gradient as little-endian bytes; the gradient is then zeroed, as an optimizer step would. */
    public static ByteBuffer takeGradientBytes(Slot slot) {
        try (NDArray gradient = slot.array().getGradient()) {
            ByteBuffer bytes = valueBytes(gradient);
            InPlace.zero(gradient);
            return bytes;
        }
    }

    /** A checksum of every parameter's exact bits: equal on two hosts iff they hold the same weights (in practice). */
    public long checksum() {
        CRC32C crc = new CRC32C();
        for (Slot slot : slots) {
            crc.update(valueBytes(slot.array()));
        }
        return crc.getValue();
    }

    private static void read(NDArray source, float[] flat, int offset) {
        float[] values = source.toFloatArray();
        System.arraycopy(values, 0, flat, offset, values.length);
    }
}
