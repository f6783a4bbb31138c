package dev.fovea.trainer.exchange.transport;

import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.PeerLostException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One authenticated stream to a peer: a plain TCP connection (non-blocking) that carries raw tensor bytes, with no
 * per-message framing. Bytes are counted in the exchange's {@link ExchangeStats}. Every failure becomes a
 * {@link PeerLostException} naming the peer: the connection ending, breaking, or staying silent past a timeout.
 */
public final class StreamConnection implements AutoCloseable {

    private final SocketChannel channel;
    private final int peer;
    private final String peerName;
    private final ExchangeStats stats;
    private Selector waiter;

    StreamConnection(SocketChannel channel, int peer, String peerName, ExchangeStats stats) {
        this.channel = channel;
        this.peer = peer;
        this.peerName = peerName;
        this.stats = stats;
    }

    public int peer() {
        return peer;
    }

    SocketChannel channel() {
        return channel;
    }

    /** Writes what the channel takes now, without waiting; returns the number of bytes written. */
    long write(ByteBuffer[] buffers) {
        try {
            long written = channel.write(buffers);
            stats.recordSent(written);
            return written;
        } catch (IOException e) {
            throw broken(e);
        }
    }

    /** Reads what has arrived, without waiting; returns the number of bytes read. */
    long read(ByteBuffer[] buffers) {
        try {
            long read = channel.read(buffers);
            if (read < 0) {
                throw new PeerLostException(
                        "exchange peer " + peerName + " closed its stream connection: it " + "stopped or died");
            }
            stats.recordReceived(read);
            return read;
        } catch (IOException e) {
            throw broken(e);
        }
    }

    /** Writes all of {@code buffers}, waiting at most {@code timeout} for the peer to take them. */
    public void writeFully(ByteBuffer[] buffers, Duration timeout) {
        transfer(buffers, timeout, SelectionKey.OP_WRITE, "take");
    }

    /** Fills {@code buffers}, waiting at most {@code timeout} for the peer to send (null: as long as it takes). */
    public void readFully(ByteBuffer[] buffers, Duration timeout) {
        transfer(buffers, timeout, SelectionKey.OP_READ, "send");
    }

    /** Completes a non-blocking connect, waiting at most {@code timeout}. */
    void finishConnect(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!channel.finishConnect()) {
                if (!await(SelectionKey.OP_CONNECT, deadline)) {
                    throw new PeerLostException("exchange peer " + peerName + " did not accept a connection within "
                            + timeout.toSeconds() + " s");
                }
            }
        } catch (IOException e) {
            throw new PeerLostException("exchange peer " + peerName + " is unreachable (" + e.getMessage() + ")", e);
        }
    }

    private void transfer(ByteBuffer[] buffers, Duration timeout, int operation, String verb) {
        long deadline = deadline(timeout);
        while (remaining(buffers) > 0) {
            long moved = operation == SelectionKey.OP_WRITE ? write(buffers) : read(buffers);
            if (moved > 0) {
                deadline = deadline(timeout);
            } else if (!await(operation, deadline)) {
                throw new PeerLostException("exchange peer " + peerName + " did not " + verb + " any data within "
                        + timeout.toSeconds() + " s: it died or hangs");
            }
        }
    }

    private static long deadline(Duration timeout) {
        return timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    }

    /**
     * Waits until the channel is ready for {@code operation}, or at most a second when there is no deadline (so a
     * connection closed meanwhile is noticed); false once {@code deadline} has passed.
     */
    private boolean await(int operation, long deadline) {
        long left = deadline == Long.MAX_VALUE ? 1_000_000_000L : deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            if (waiter == null) {
                waiter = Selector.open();
                channel.register(waiter, operation);
            } else {
                waiter.keys().iterator().next().interestOps(operation);
            }
            waiter.select(Math.max(1, left / 1_000_000));
            waiter.selectedKeys().clear();
            return true;
        } catch (IOException e) {
            throw broken(e);
        }
    }

    static long remaining(ByteBuffer[] buffers) {
        long remaining = 0;
        for (ByteBuffer buffer : buffers) {
            remaining += buffer.remaining();
        }
        return remaining;
    }

    private PeerLostException broken(IOException e) {
        return new PeerLostException(
                "exchange peer " + peerName + ": the stream connection failed (" + e.getMessage() + ")", e);
    }

    @Override
    public void close() {
        try {
            if (waiter != null) {
                waiter.close();
            }
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "stream to " + peerName;
    }
}
