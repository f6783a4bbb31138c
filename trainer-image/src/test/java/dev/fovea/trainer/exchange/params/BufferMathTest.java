package dev.fovea.trainer.exchange.params;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sums and half-precision roundings on raw memory, against float arithmetic done value by value. */
class BufferMathTest {

    private final BufferMath math = new BufferMath();

    @Test
    void addsAndScalesEveryValueAsOneFloatAdditionThenOneMultiplication() {
        Random random = new Random(1);
        float[] target = new float[5000];
        float[] source = new float[target.length];
        for (int i = 0; i < target.length; i++) {
            target[i] = (float) random.nextGaussian();
            source[i] = (float) random.nextGaussian();
        }
        ByteBuffer targetBytes = floats(target);

        math.add(targetBytes, floats(source), DataType.FLOAT32, 1f / 3);

        for (int i = 0; i < target.length; i++) {
            assertThat(targetBytes.getFloat(i * Float.BYTES)).isEqualTo((target[i] + source[i]) * (1f / 3));
        }
    }

    @Test
    void halfPrecisionRoundsToNearestAndAddsInFloat32() {
        float[] values = {1f, 1.0009766f, -2.5f, 65504f, 1e-3f, 3.14159f};
        ByteBuffer half = ByteBuffer.allocateDirect(values.length * 2).order(ByteOrder.nativeOrder());
        ByteBuffer brain = ByteBuffer.allocateDirect(values.length * 2).order(ByteOrder.nativeOrder());

        math.convert(floats(values), DataType.FLOAT32, half, DataType.FLOAT16);
        math.convert(floats(values), DataType.FLOAT32, brain, DataType.BFLOAT16);
        ByteBuffer sum = floats(new float[values.length]);
        math.add(sum, half, DataType.FLOAT16, 1f);

        for (int i = 0; i < values.length; i++) {
            float expected = Float.float16ToFloat(Float.floatToFloat16(values[i]));
            assertThat(sum.getFloat(i * Float.BYTES)).isEqualTo(expected);
            float widened = Float.intBitsToFloat(brain.getShort(i * 2) << 16);
            assertThat(Math.abs(widened - values[i])).isLessThanOrEqualTo(Math.abs(values[i]) / 256);
        }
    }

    @Test
    void bfloat16TiesGoToTheEvenNeighbour() {
        // 1 + 2^-8 lies exactly between bfloat16's 1 and 1 + 2^-7: ties to even gives 1
        assertThat(BufferMath.toBfloat16(1f + 0x1p-8f)).isEqualTo((short) 0x3F80);
        // 1 + 3·2^-8 lies between 1 + 2^-7 and 1 + 2^-6: even is 1 + 2^-6
        assertThat(BufferMath.toBfloat16(1f + 3 * 0x1p-8f)).isEqualTo((short) 0x3F82);
        assertThat(Float.isNaN(Float.intBitsToFloat(BufferMath.toBfloat16(Float.NaN) << 16)))
                .isTrue();
    }

    private static ByteBuffer floats(float[] values) {
        ByteBuffer buffer =
                ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        buffer.asFloatBuffer().put(values);
        return buffer;
    }
}
