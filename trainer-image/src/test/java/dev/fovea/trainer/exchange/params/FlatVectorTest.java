package dev.fovea.trainer.exchange.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A vector over separate pieces of memory reads and writes as if it were one, across pieces and past empty ones. */
class FlatVectorTest {

    @Test
    void aRangeAcrossPiecesIsTheirSlicesInOrderAndWritesGoIntoThePieces() {
        ByteBuffer first = floats(1, 2, 3);
        ByteBuffer empty = floats();
        ByteBuffer second = floats(4, 5);
        FlatVector vector = new FlatVector(List.of(first, empty, second));

        assertThat(vector.floats()).isEqualTo(5);
        ByteBuffer[] slices = vector.slices(1, 5);
        assertThat(slices).hasSize(2);
        assertThat(values(slices[0])).containsExactly(2f, 3f);
        assertThat(values(slices[1])).containsExactly(4f, 5f);

        slices[1].putFloat(0, 40f);
        assertThat(second.getFloat(0)).isEqualTo(40f);
    }

    @Test
    void eachPartKnowsWhereItStartsInTheRange() {
        FlatVector vector = new FlatVector(List.of(floats(1, 2), floats(), floats(3, 4, 5)));
        List<String> parts = new ArrayList<>();

        vector.forEachPart(2, 4, (part, offset) -> parts.add(offset + ":" + values(part)));

        assertThat(parts).containsExactly("0:[3.0, 4.0]");
        parts.clear();
        vector.forEachPart(0, 5, (part, offset) -> parts.add(offset + ":" + values(part)));
        assertThat(parts).containsExactly("0:[1.0, 2.0]", "2:[3.0, 4.0, 5.0]");
    }

    @Test
    void aRangeOutsideTheVectorIsRefused() {
        FlatVector vector = new FlatVector(List.of(floats(1, 2)));

        assertThatThrownBy(() -> vector.slices(1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(vector.slices(2, 2)).isEmpty();
    }

    private static ByteBuffer floats(float... values) {
        ByteBuffer buffer =
                ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.clear();
    }

    private static List<Float> values(ByteBuffer part) {
        List<Float> values = new ArrayList<>();
        for (int i = 0; i < part.remaining(); i += Float.BYTES) {
            values.add(part.getFloat(part.position() + i));
        }
        return values;
    }
}
