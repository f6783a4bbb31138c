package dev.fovea.trainer.exchange.transport;

import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.PeerLostException;
import java.io.IOException;
import java.net.StandardSocketOptions;
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

    /**
     * The kernel's send and receive buffers asked for a stream (Linux caps the request at {@code net.core.wmem_max}
     * and {@code rmem_max}, 4 MiB by default, and doubles it). With the defaults (a 16 KiB send buffer that grows as
     * the kernel sees fit) a host stopped to wait for its peer to drain the socket about twice as often during a
     * 25.6 M-float exchange; every such wait is a wakeup of the peer and back, which is cheap on an idle machine
     * and costs a scheduler time slice on a loaded one.
     */
    static final int SOCKET_BUFFER_BYTES = 4 << 20;

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

    /** Sets a stream socket's options, on both ends: no Nagle delay, and {@link #SOCKET_BUFFER_BYTES}. */
    static SocketChannel tune(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
        return channel;
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
