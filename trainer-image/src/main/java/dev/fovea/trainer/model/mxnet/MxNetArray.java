package dev.fovea.trainer.model.mxnet;

import java.util.Arrays;
import java.util.Objects;

/**
 * One dense array of an MXNet {@code .params} file: its shape, element type and elements as little-endian bytes in
 * row-major order.
 *
 * @param shape the sizes of the dimensions
 * @param type the element type
 * @param data the elements, {@code type.bytes()} each
 */
public record MxNetArray(long[] shape, MxNetDType type, byte[] data) {

    public MxNetArray {
        shape = shape.clone();
        Objects.requireNonNull(type, "type");
        long expected = size(shape) * type.bytes();
        if (data.length != expected) {
            throw new IllegalArgumentException("an array of shape " + Arrays.toString(shape) + " and type " + type
                    + " has " + expected + " bytes, not " + data.length);
        }
    }

    /** The number of elements of an array of {@code shape}. */
    public static long size(long[] shape) {
        long size = 1;
        for (long dimension : shape) {
            size = Math.multiplyExact(size, dimension);
        }
        return size;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MxNetArray that
                && Arrays.equals(shape, that.shape)
                && type == that.type
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shape), type, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return type + Arrays.toString(shape);
    }
}
