package dev.fovea.trainer.exchange.params;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One float32 vector laid over many separate pieces of memory (the parameters' gradients and values, in
 * {@link ParameterLayout}'s order), addressed as if it were contiguous. A range of it is a few slices of those
 * pieces: a socket writes them with one gathering write and reads into them with one scattering read, so values go
 * from tensor memory to the wire and back without a copy in Java.
 */
public final class FlatVector {

    /** What to do with one piece's part of a range. */
    @FunctionalInterface
    public interface PartAction {
        /**
         * @param part the part's bytes (a direct, native-order slice of the piece's memory)
         * @param offset where the part starts, in floats from the start of the range
         */
        void accept(ByteBuffer part, long offset);
    }

    private final ByteBuffer[] pieces;
    private final long[] starts;
    private final long floats;

    /** @param pieces direct buffers of float32 values in native byte order, whole (position 0, limit = capacity) */
    public FlatVector(List<ByteBuffer> pieces) {
        this.pieces = pieces.toArray(ByteBuffer[]::new);
        this.starts = new long[this.pieces.length + 1];
        for (int i = 0; i < this.pieces.length; i++) {
            if (!this.pieces[i].isDirect() || this.pieces[i].order() != ByteOrder.nativeOrder()) {
                throw new IllegalArgumentException("piece " + i + " is not a direct native-order buffer");
            }
            starts[i + 1] = starts[i] + this.pieces[i].remaining() / Float.BYTES;
        }
        this.floats = starts[this.pieces.length];
    }

    public long floats() {
        return floats;
    }

    /** Slices covering floats {@code [from, to)}, in order; writing them out sends the range as it is in memory. */
    public ByteBuffer[] slices(long from, long to) {
        List<ByteBuffer> slices = new ArrayList<>();
        forEachPart(from, to, (part, offset) -> slices.add(part));
        return slices.toArray(ByteBuffer[]::new);
    }

    /** Calls {@code action} for each piece's part of floats {@code [from, to)}, in order. */
    public void forEachPart(long from, long to, PartAction action) {
        if (from < 0 || to > floats || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of a vector of " + floats + " floats");
        }
        int piece = pieceAt(from);
        for (long position = from; position < to; piece++) {
            long end = Math.min(to, starts[piece + 1]);
            if (end > position) {
                int byteOffset = (int) ((position - starts[piece]) * Float.BYTES);
                int byteLength = (int) ((end - position) * Float.BYTES);
                action.accept(
                        pieces[piece].slice(byteOffset, byteLength).order(ByteOrder.nativeOrder()), position - from);
            }
            position = end;
        }
    }

    /** The piece that holds float {@code position} (the first non-empty one at that position). */
    private int pieceAt(long position) {
        int index = Arrays.binarySearch(starts, position);
        if (index < 0) {
            return -index - 2;
        }
        while (index < pieces.length - 1 && starts[index + 1] == position) {
            index++;
        }
        return Math.min(index, Math.max(0, pieces.length - 1));
    }
}
