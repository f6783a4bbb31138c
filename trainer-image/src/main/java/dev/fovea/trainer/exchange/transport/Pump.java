package dev.fovea.trainer.exchange.transport;

import dev.fovea.trainer.exchange.PeerLostException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Moves bytes over several stream connections at once, on the calling thread: each connection (a {@link Lane}) has
 * an ordered queue of sends and one of receives. A send may wait until a receive has produced its data; a receive
 * runs its action once its bytes are in. Non-blocking I/O behind one selector, so there are no threads to hand data
 * between and a send never waits behind a receive.
 *
 * <p>{@link #run} returns once every queue is empty. It fails with a {@link PeerLostException} when a connection ends
 * or breaks, when a peer tells the gang to stop, or when nothing has moved for the stall timeout.
 */
public final class Pump implements AutoCloseable {

    /** Bytes to send once {@link #ready()}; {@link #buffers()} is called once, when the send comes up. */
    public interface Send {
        default boolean ready() {
            return true;
        }

        ByteBuffer[] buffers();
    }

    /** Where to receive bytes ({@link #buffers()} is called once, when the receive comes up), and what then. */
    public interface Receive {
        ByteBuffer[] buffers();

        default void received() {}
    }

    private static final long POLL_MILLIS = 200;

    private final Selector selector;
    private final List<Lane> lanes = new ArrayList<>();
    private final ArrayDeque<Runnable> meanwhile = new ArrayDeque<>();

    public Pump() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the exchange streams", e);
        }
    }

    /** Adds {@code connection}; its queues start empty. */
    public Lane lane(StreamConnection connection) {
        try {
            Lane lane = new Lane(connection, connection.channel().register(selector, 0));
            lanes.add(lane);
            return lane;
        } catch (ClosedChannelException e) {
            throw new PeerLostException(connection + " is closed", e);
        }
    }

    /** One connection's queues. */
    public static final class Lane {

        private final StreamConnection connection;
        private final SelectionKey key;
        private final ArrayDeque<Send> sends = new ArrayDeque<>();
        private final ArrayDeque<Receive> receives = new ArrayDeque<>();
        private ByteBuffer[] sending;
        private ByteBuffer[] receiving;

        private Lane(StreamConnection connection, SelectionKey key) {
            this.connection = connection;
            this.key = key;
        }

        public void send(Send send) {
            sends.add(send);
        }

        public void receive(Receive receive) {
            receives.add(receive);
        }

        public int peer() {
            return connection.peer();
        }

        private boolean idle() {
            return sends.isEmpty() && receives.isEmpty();
        }

        /** Moves what the connection takes and holds right now; true if anything moved or completed. */
        private boolean advance() {
            boolean progressed = false;
            while (!sends.isEmpty()) {
                if (sending == null) {
                    if (!sends.peek().ready()) {
                        break;
                    }
                    sending = sends.peek().buffers();
                }
                if (StreamConnection.remaining(sending) > 0 && connection.write(sending) > 0) {
                    progressed = true;
                }
                if (StreamConnection.remaining(sending) > 0) {
                    break;
                }
                sends.poll();
                sending = null;
                progressed = true;
            }
            while (!receives.isEmpty()) {
                if (receiving == null) {
                    receiving = receives.peek().buffers();
                }
                if (StreamConnection.remaining(receiving) > 0 && connection.read(receiving) > 0) {
                    progressed = true;
                }
                if (StreamConnection.remaining(receiving) > 0) {
                    break;
                }
                Receive done = receives.poll();
                receiving = null;
                done.received();
                progressed = true;
            }
            return progressed;
        }

        private void declareInterest() {
            boolean wantsToWrite =
                    sending != null || (!sends.isEmpty() && sends.peek().ready());
            key.interestOps(
                    (wantsToWrite ? SelectionKey.OP_WRITE : 0) | (receives.isEmpty() ? 0 : SelectionKey.OP_READ));
        }

        /** The peer this lane waits on most directly: the one it receives from, else the one it sends to. */
        private boolean waitsToReceive() {
            return !receives.isEmpty();
        }
    }

    /** Queues work for {@link #run} to do whenever it would otherwise wait for a connection. */
    public void meanwhile(Runnable work) {
        meanwhile.add(work);
    }

    /**
     * Moves everything queued, and does the {@link #meanwhile} work.
     *
     * @param stallTimeout how long nothing may move before the wait counts as lost
     * @param abortReason why the gang was told to stop, or null: checked whenever nothing moves
     * @param onStall the failure to throw for a stall, given the peer waited on
     */
    public void run(Duration stallTimeout, Supplier<String> abortReason, IntFunction<PeerLostException> onStall) {
        long lastProgress = System.nanoTime();
        while (!idle() || !meanwhile.isEmpty()) {
            boolean progressed = false;
            for (Lane lane : lanes) {
                progressed |= advance(lane, abortReason);
            }
            if (!progressed && !meanwhile.isEmpty()) {
                meanwhile.poll().run();
                progressed = true;
            }
            if (progressed) {
                lastProgress = System.nanoTime();
                continue;
            }
            String reason = abortReason.get();
            if (reason != null) {
                throw new PeerLostException(reason);
            }
            long waited = System.nanoTime() - lastProgress;
            if (waited > stallTimeout.toNanos()) {
                throw onStall.apply(waitedOn());
            }
            for (Lane lane : lanes) {
                lane.declareInterest();
            }
            try {
                selector.select(Math.clamp((stallTimeout.toNanos() - waited) / 1_000_000 + 1, 1, POLL_MILLIS));
            } catch (IOException e) {
                throw new UncheckedIOException("the exchange streams' selector failed", e);
            }
            selector.selectedKeys().clear();
        }
    }

    /**
     * A peer that fails tells the others why before it closes its connections, so a connection that ends after
     * such a message is explained by it (naming the host really lost), not by the peer that merely hung up.
     */
    private static boolean advance(Lane lane, Supplier<String> abortReason) {
        try {
            return lane.advance();
        } catch (PeerLostException e) {
            String reason = abortReason.get();
            throw reason == null ? e : new PeerLostException(reason, e);
        }
    }

    private boolean idle() {
        for (Lane lane : lanes) {
            if (!lane.idle()) {
                return false;
            }
        }
        return true;
    }

    private int waitedOn() {
        Lane first = null;
        for (Lane lane : lanes) {
            if (lane.waitsToReceive()) {
                return lane.peer();
            }
            if (first == null && !lane.idle()) {
                first = lane;
            }
        }
        return first == null ? -1 : first.peer();
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
