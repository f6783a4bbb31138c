package dev.fovea.trainer.exchange.params;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * Sums and conversions on raw memory (direct, native-order buffers: slices of tensors or of receive buffers), in
 * chunks copied to arrays that stay in the first-level cache, where the JIT vectorises the loops. That runs at
 * memory speed, as fast as libtorch's kernels on large runs (7.5 GB/s against 6–7.6 measured), without their tens of
 * microseconds of JNI and bookkeeping per call, which dominate on a BatchNorm's few hundred values. Per value: one
 * float32 addition, then one multiplication; roundings to half precision are to nearest, ties to even. One instance
 * per thread.
 */
public final class BufferMath {

    private static final int CHUNK = 2048;

    private final float[] sums = new float[CHUNK];
    private final float[] addends = new float[CHUNK];
    private final short[] halves = new short[CHUNK];

    /**
     * {@code target = (target + source) * factor}, where {@code source} holds as many values as {@code target}, in
     * {@code type} (float32, float16 or bfloat16); a factor of 1 leaves the sum as it is.
     */
    public void add(ByteBuffer target, ByteBuffer source, DataType type, float factor) {
        int count = target.remaining() / Float.BYTES;
        FloatBuffer values = floats(target);
        for (int start = 0; start < count; start += CHUNK) {
            int length = Math.min(CHUNK, count - start);
            values.get(start, sums, 0, length);
            read(source, type, start, length, addends);
            for (int i = 0; i < length; i++) {
                sums[i] += addends[i];
            }
            if (factor != 1f) {
                for (int i = 0; i < length; i++) {
                    sums[i] *= factor;
                }
            }
            values.put(start, sums, 0, length);
        }
    }

    /** Writes {@code source}'s values, converted from {@code from} to {@code to}, into {@code target}. */
    public void convert(ByteBuffer source, DataType from, ByteBuffer target, DataType to) {
        int count = source.remaining() / from.getNumOfBytes();
        for (int start = 0; start < count; start += CHUNK) {
            int length = Math.min(CHUNK, count - start);
            read(source, from, start, length, sums);
            write(sums, length, target, to, start);
        }
    }

    /** Reads {@code length} values of {@code type} from {@code offset} on as floats. */
    private void read(ByteBuffer buffer, DataType type, int offset, int length, float[] into) {
        if (type == DataType.FLOAT32) {
            floats(buffer).get(offset, into, 0, length);
            return;
        }
        shorts(buffer).get(offset, halves, 0, length);
        boolean brain = type == DataType.BFLOAT16;
        for (int i = 0; i < length; i++) {
            into[i] = brain ? Float.intBitsToFloat(halves[i] << 16) : Float.float16ToFloat(halves[i]);
        }
    }

    private void write(float[] values, int length, ByteBuffer buffer, DataType type, int offset) {
        if (type == DataType.FLOAT32) {
            floats(buffer).put(offset, values, 0, length);
            return;
        }
        boolean brain = type == DataType.BFLOAT16;
        for (int i = 0; i < length; i++) {
            halves[i] = brain ? toBfloat16(values[i]) : Float.floatToFloat16(values[i]);
        }
        shorts(buffer).put(offset, halves, 0, length);
    }

    /** bfloat16 is float32's upper half: round the lower half away to nearest, ties to even (NaN stays NaN). */
    static short toBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    private static FloatBuffer floats(ByteBuffer bytes) {
        return bytes.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static ShortBuffer shorts(ByteBuffer bytes) {
        return bytes.duplicate().order(ByteOrder.nativeOrder()).asShortBuffer();
    }
}
