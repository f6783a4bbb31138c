package dev.fovea.trainer.exchange.params;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The model's parameters in one fixed order, the same on every host (same architecture, same names), laid end to
 * end in a flat float vector: trainable parameters first (their gradients travel), then the others (BatchNorm's
 * running statistics, whose values travel), all as float32. Hosts agree on a parameter by its index and name, never by DJL's
 * per-process parameter ids.
 */
public final class ParameterLayout {

    /** One parameter's place in the flat vector, and its copies on this host's devices. */
    public record Slot(int index, String name, Mirrors mirrors, int offset, int size, boolean trainable) {

        /** The parameter's value (on the first training device). */
        public NDArray array() {
            return mirrors.primary();
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
            (parameter.requiresGradient() ? trainable : others).add(named);
        }
        List<Slot> slots = new ArrayList<>();
        int offset = 0;
        for (Pair<String, Parameter> named : trainable) {
            offset = add(slots, trainer, named, offset, true);
        }
        int trainableFloats = offset;
        for (Pair<String, Parameter> named : others) {
            offset = add(slots, trainer, named, offset, false);
        }
        return new ParameterLayout(slots, trainableFloats, offset);
    }

    private static int add(
            List<Slot> slots, Trainer trainer, Pair<String, Parameter> named, int offset, boolean trainable) {
        long size = named.getValue().getArray().getShape().size();
        if (offset + size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "the model has more than 2^31 parameter values; the exchange cannot carry it");
        }
        slots.add(new Slot(
                slots.size(), named.getKey(), Mirrors.of(trainer, named.getValue()), offset, (int) size, trainable));
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

    /** One parameter's current value as little-endian float32 bytes, for the wire. */
    public static ByteBuffer valueBytes(NDArray array) {
        return littleEndian(Mirrors.floats(array));
    }

    /** A checksum of every parameter's exact bits: equal on two hosts iff they hold the same weights (in practice). */
    public long checksum() {
        CRC32C crc = new CRC32C();
        for (Slot slot : slots) {
            crc.update(valueBytes(slot.array()));
        }
        return crc.getValue();
    }

    private static ByteBuffer littleEndian(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes;
    }
}
