package dev.fovea.trainer.exchange.sync;

import ai.djl.ndarray.types.DataType;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.exchange.HostGroup;
import dev.fovea.trainer.exchange.WireFormat;
import dev.fovea.trainer.exchange.params.BufferMath;
import dev.fovea.trainer.exchange.params.FlatVector;
import dev.fovea.trainer.exchange.transport.Gang;
import dev.fovea.trainer.exchange.transport.Pump;
import dev.fovea.trainer.exchange.transport.StreamConnection;
import dev.fovea.trainer.exchange.transport.StreamPurpose;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Averages a float vector across all hosts with a ring all-reduce: a reduce-scatter (N−1 rounds, each host adds the
 * chunk its predecessor sends it) then an all-gather (N−1 rounds, each host passes the finished chunk on). Every host
 * sends and receives 2·|G|·(N−1)/N values per step, whatever N: no host is a bottleneck.
 *
 * <p>The values go over two stream connections (to the successor, from the predecessor) as raw bytes: straight from
 * the tensors' memory with gathering writes, and in the all-gather straight into it with scattering reads. Each
 * chunk travels in pieces, and a piece goes on to the next host as soon as it is added, while the next piece is
 * still arriving; the additions run at memory speed ({@link BufferMath}). The host that completes a chunk's sum also divides it by N
 * (and rounds it to the wire format), so every host ends with that host's bits. One header per step lets each host
 * check that its predecessor runs the same model, at the same step, with the same wire format.
 */
final class RingAllReduce implements AutoCloseable {

    private static final int HEADER_BYTES = Long.BYTES + Long.BYTES + Integer.BYTES + Integer.BYTES;

    private final Gang gang;
    private final HostGroup group;
    private final int pieceFloats;
    private final WireFormat wire;
    private final StreamConnection toNext;
    private final StreamConnection fromPrevious;
    private final Pump pump = new Pump();
    private final Pump.Lane out;
    private final Pump.Lane in;
    private final BufferMath math = new BufferMath();
    private ByteBuffer received = ByteBuffer.allocateDirect(0);
    private ByteBuffer sending = ByteBuffer.allocateDirect(0);
    private ByteBuffer rounding = ByteBuffer.allocateDirect(0);

    private RingAllReduce(Gang gang, int pieceFloats, StreamConnection toNext, StreamConnection fromPrevious) {
        this.gang = gang;
        this.group = gang.group();
        this.pieceFloats = pieceFloats;
        this.wire = gang.settings().wireFormat();
        this.toNext = toNext;
        this.fromPrevious = fromPrevious;
        this.out = pump.lane(toNext);
        this.in = pump.lane(fromPrevious);
    }

    /** Opens the stream to this host's successor and waits for its predecessor's; every host does the same. */
    static RingAllReduce connect(Gang gang, int pieceFloats) {
        HostGroup group = gang.group();
        var timeout = gang.settings().startupTimeout();
        StreamConnection toNext = gang.streams().connect(group.next(), StreamPurpose.RING, timeout);
        StreamConnection fromPrevious = gang.streams().accept(group.previous(), StreamPurpose.RING, timeout);
        return new RingAllReduce(gang, pieceFloats, toNext, fromPrevious);
    }

    /** Replaces every value of {@code vector} by its mean over all hosts. */
    void mean(FlatVector vector, long step) {
        Plan plan = Plan.of(vector.floats(), group.size(), pieceFloats);
        ensureScratch(plan.largestPiece());
        ByteBuffer header = header(step, vector.floats(), plan.pieces());
        out.send(() -> new ByteBuffer[] {header});
        ByteBuffer theirs = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        in.receive(new Pump.Receive() {
            @Override
            public ByteBuffer[] buffers() {
                return new ByteBuffer[] {theirs};
            }

            @Override
            public void received() {
                check(header, theirs);
            }
        });
        int n = group.size();
        int rank = group.rank();
        int[] processed = {0};
        for (int round = 0; round < 2 * n - 2; round++) {
            boolean reducing = round < n - 1;
            boolean completing = round == n - 2;
            int sent = reducing ? rank - round : rank + 1 - (round - n + 1);
            int arriving = reducing ? rank - round - 1 : rank - (round - n + 1);
            for (int piece = 0; piece < plan.pieces(); piece++) {
                int item = round * plan.pieces() + piece;
                long[] sendRange = plan.piece(Math.floorMod(sent, n), piece);
                long[] receiveRange = plan.piece(Math.floorMod(arriving, n), piece);
                out.send(new Pump.Send() {
                    @Override
                    public boolean ready() {
                        return item < plan.pieces() || processed[0] > item - plan.pieces();
                    }

                    @Override
                    public ByteBuffer[] buffers() {
                        return outgoing(vector, sendRange);
                    }
                });
                in.receive(new Pump.Receive() {
                    @Override
                    public ByteBuffer[] buffers() {
                        return incoming(vector, receiveRange, reducing);
                    }

                    @Override
                    public void received() {
                        if (reducing) {
                            add(vector, receiveRange, completing ? 1f / n : 1f);
                        } else if (wire != WireFormat.FLOAT32) {
                            widen(vector, receiveRange);
                        }
                        processed[0]++;
                    }
                });
            }
        }
        pump.run(
                gang.settings().peerTimeout(),
                gang.mailbox()::abortReason,
                peer -> gang.stalled(peer < 0 ? group.previous() : peer, "gradients for step " + step));
    }

    /** A piece to send: the tensors' own memory, or a copy rounded to the wire format. */
    private ByteBuffer[] outgoing(FlatVector vector, long[] range) {
        if (wire == WireFormat.FLOAT32) {
            return vector.slices(range[0], range[1]);
        }
        ByteBuffer narrow = wireSlice(sending, range);
        vector.forEachPart(
                range[0],
                range[1],
                (part, offset) ->
                        math.convert(part, DataType.FLOAT32, wireSlice(narrow, offset, part), wire.dataType()));
        return new ByteBuffer[] {narrow};
    }

    /** Where a piece arrives: a buffer to add from (reduce-scatter), or the tensors themselves (all-gather). */
    private ByteBuffer[] incoming(FlatVector vector, long[] range, boolean reducing) {
        if (!reducing && wire == WireFormat.FLOAT32) {
            return vector.slices(range[0], range[1]);
        }
        return new ByteBuffer[] {wireSlice(received, range)};
    }

    /** Adds a received piece into the vector; on the host that completes the chunk, also averages and rounds it. */
    private void add(FlatVector vector, long[] range, float factor) {
        vector.forEachPart(range[0], range[1], (part, offset) -> {
            math.add(part, wireSlice(received, offset, part), wire.dataType(), factor);
            if (factor != 1f && wire != WireFormat.FLOAT32) {
                ByteBuffer narrow = wireSlice(rounding, offset, part);
                math.convert(part, DataType.FLOAT32, narrow, wire.dataType());
                math.convert(narrow, wire.dataType(), part, DataType.FLOAT32);
            }
        });
    }

    /** Writes a received half-precision piece into the vector as float32. */
    private void widen(FlatVector vector, long[] range) {
        vector.forEachPart(
                range[0],
                range[1],
                (part, offset) ->
                        math.convert(wireSlice(received, offset, part), wire.dataType(), part, DataType.FLOAT32));
    }

    private ByteBuffer wireSlice(ByteBuffer scratch, long[] range) {
        return scratch.slice(0, (int) ((range[1] - range[0]) * wire.bytesPerValue()))
                .order(ByteOrder.nativeOrder());
    }

    /** The wire bytes, within a piece's buffer, of the part of the piece that starts {@code offset} floats in. */
    private ByteBuffer wireSlice(ByteBuffer piece, long offset, ByteBuffer part) {
        int values = part.remaining() / Float.BYTES;
        return piece.slice((int) offset * wire.bytesPerValue(), values * wire.bytesPerValue())
                .order(ByteOrder.nativeOrder());
    }

    private void ensureScratch(long floats) {
        int bytes = (int) (floats * wire.bytesPerValue());
        if (received.capacity() < bytes) {
            received = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            sending = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            rounding = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
    }

    private ByteBuffer header(long step, long floats, int pieces) {
        return ByteBuffer.allocate(HEADER_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(step)
                .putLong(floats)
                .putInt(pieces)
                .putInt(wire.ordinal())
                .flip();
    }

    /** Fails the step when the predecessor is not doing the same thing. */
    private void check(ByteBuffer ours, ByteBuffer theirs) {
        String peer = "exchange peer " + group.describe(group.previous());
        if (theirs.getLong(8) != ours.getLong(8)) {
            throw new IllegalStateException(peer + " exchanges " + theirs.getLong(8) + " values where this host has "
                    + ours.getLong(8) + ": the hosts run different models");
        }
        int format = theirs.getInt(20);
        if (format != ours.getInt(20)) {
            throw new IllegalStateException(peer + " sends "
                    + (format >= 0 && format < WireFormat.values().length ? WireFormat.values()[format].label() : "?")
                    + " values where this host expects " + wire.label() + ": the hosts' "
                    + ContainerEnvironment.EXCHANGE_WIRE + " differ");
        }
        if (theirs.getLong(0) != ours.getLong(0) || theirs.getInt(16) != ours.getInt(16)) {
            throw new IllegalStateException(peer + " is at step " + theirs.getLong(0) + " where this host is at step "
                    + ours.getLong(0) + ": the hosts lost step");
        }
    }

    /** How the vector is cut: N chunks, each in the same number of pieces of about pieceFloats values. */
    private record Plan(long floats, int hosts, int pieces) {

        static Plan of(long floats, int hosts, int pieceFloats) {
            return new Plan(floats, hosts, (int) Math.max(1, ceilDiv(ceilDiv(floats, hosts), pieceFloats)));
        }

        long chunkStart(int chunk) {
            return floats * chunk / hosts;
        }

        /** Floats {@code [from, to)} of piece {@code piece} of chunk {@code chunk}. */
        long[] piece(int chunk, int piece) {
            long start = chunkStart(chunk);
            long length = chunkStart(chunk + 1) - start;
            return new long[] {start + length * piece / pieces, start + length * (piece + 1) / pieces};
        }

        long largestPiece() {
            return ceilDiv(ceilDiv(floats, hosts), pieces);
        }

        private static long ceilDiv(long a, long b) {
            return (a + b - 1) / b;
        }
    }

    @Override
    public void close() {
        pump.close();
        toNext.close();
        fromPrevious.close();
    }
}
