package dev.fovea.trainer.exchange.transport;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the two kinds of connection on the exchange port apart by their first bytes, on one thread of its own: a
 * {@link StreamHandshake} has its token checked here and goes to {@link InboundStreams}; anything else (gRPC's HTTP/2
 * preface) goes back to the gRPC server with the bytes already read. One port serves both, so the job's
 * NetworkPolicy and Service need only the one. A connection that sends nothing useful within
 * {@link #HANDSHAKE_TIMEOUT} is closed.
 */
final class ConnectionSorter implements AutoCloseable {

    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSorter.class);

    private record Arrival(SocketChannel channel, Consumer<ByteBuffer> toGrpc) {}

    /** A connection whose first bytes are still being read. */
    private static final class Pending {
        final Arrival arrival;
        final long deadline = System.nanoTime() + HANDSHAKE_TIMEOUT.toNanos();
        final ByteBuffer prefix = ByteBuffer.allocate(StreamHandshake.MAGIC.length);
        StreamHandshake.Reader handshake;

        Pending(Arrival arrival) {
            this.arrival = arrival;
        }
    }

    private final ExchangeToken token;
    private final InboundStreams inbound;
    private final RefusalLog refusals;
    private final Selector selector;
    private final Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    ConnectionSorter(ExchangeToken token, InboundStreams inbound, RefusalLog refusals) {
        this.token = token;
        this.inbound = inbound;
        this.refusals = refusals;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector for the exchange port", e);
        }
        thread = Thread.ofPlatform().daemon().name("fovea-exchange-sorter").start(this::run);
    }

    /** Sorts a connection the exchange port just accepted; {@code toGrpc} adopts it, given the bytes read so far. */
    void sort(SocketChannel channel, Consumer<ByteBuffer> toGrpc) {
        arrivals.add(new Arrival(channel, toGrpc));
        selector.wakeup();
    }

    private void run() {
        while (!closed) {
            try {
                selector.select(250);
                registerArrivals();
                // a copy: handing a connection on flushes its cancelled key with selectNow(), which adds to the set
                List<SelectionKey> ready = new ArrayList<>(selector.selectedKeys());
                selector.selectedKeys().clear();
                ready.forEach(this::advance);
                expire();
                refusals.flush();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("The exchange port's connection sorter failed once and goes on: {}", e.toString());
                }
            }
        }
    }

    private void registerArrivals() {
        for (Arrival arrival; (arrival = arrivals.poll()) != null; ) {
            try {
                arrival.channel().configureBlocking(false);
                arrival.channel().setOption(StandardSocketOptions.TCP_NODELAY, true);
                arrival.channel().register(selector, SelectionKey.OP_READ, new Pending(arrival));
            } catch (IOException e) {
                Streams.closeQuietly(arrival.channel());
            }
        }
    }

    private void advance(SelectionKey key) {
        Pending pending = (Pending) key.attachment();
        SocketChannel channel = pending.arrival.channel();
        try {
            if (pending.handshake == null) {
                if (channel.read(pending.prefix) < 0) {
                    drop(key);
                    return;
                }
                if (pending.prefix.hasRemaining()) {
                    return;
                }
                pending.prefix.flip();
                if (!StreamHandshake.isStream(pending.prefix)) {
                    key.cancel();
                    pending.arrival.toGrpc().accept(pending.prefix);
                    return;
                }
                pending.handshake = new StreamHandshake.Reader();
            }
            StreamHandshake.Hello hello = pending.handshake.read(channel);
            if (hello != null) {
                decide(key, channel, hello);
            }
        } catch (IOException e) {
            refusals.refused(
                    "malformed handshake",
                    "Refused an exchange stream from " + remote(channel) + ": " + e.getMessage());
            answer(channel, StreamHandshake.REFUSED_MALFORMED);
            drop(key);
        }
    }

    private void decide(SelectionKey key, SocketChannel channel, StreamHandshake.Hello hello) throws IOException {
        if (!token.matches(hello.token())) {
            String reason = (hello.token().length == 0 ? "missing" : "wrong") + " token";
            refusals.refused(
                    "stream " + reason,
                    "Refused exchange stream " + hello.purpose() + " from " + remote(channel) + ": " + reason);
            answer(channel, StreamHandshake.REFUSED_TOKEN);
            drop(key);
            return;
        }
        key.cancel();
        selector.selectNow();
        answer(channel, StreamHandshake.ACCEPTED);
        inbound.arrived(hello.purpose(), hello.fromRank(), channel);
    }

    /** One status byte; the socket's send buffer is empty at this point, so a non-blocking write takes it. */
    private static void answer(SocketChannel channel, byte status) {
        try {
            channel.write(ByteBuffer.wrap(new byte[] {status}));
        } catch (IOException ignored) {
            // the caller is gone; nothing to tell
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Pending pending && now - pending.deadline > 0) {
                refusals.refused(
                        "no handshake",
                        "Closed a connection to the exchange port from " + remote(pending.arrival.channel())
                                + " that sent no handshake within " + HANDSHAKE_TIMEOUT.toSeconds() + " s");
                drop(key);
            }
        }
    }

    private static void drop(SelectionKey key) {
        key.cancel();
        Streams.closeQuietly((SocketChannel) key.channel());
    }

    private static Object remote(SocketChannel channel) {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return "an unknown address";
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(Duration.ofSeconds(2));
            for (SelectionKey key : selector.keys()) {
                Streams.closeQuietly((SocketChannel) key.channel());
            }
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing anyway
        }
        arrivals.forEach(arrival -> Streams.closeQuietly(arrival.channel()));
    }
}
