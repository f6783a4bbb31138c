package dev.fovea.trainer.exchange.transport;

import dev.fovea.trainer.exchange.PeerLostException;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream connections peers opened to this host, whose handshake the {@link ConnectionSorter} passed, each
 * waiting, keyed by purpose and caller, until {@link Streams#accept} takes it. It exists from before the exchange
 * port is bound (a fast peer may connect at once), so it knows only this host's rank and the gang's size; the
 * peers' addresses come later, to {@link Streams}.
 */
final class InboundStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboundStreams.class);

    private record Key(StreamPurpose purpose, int peer) {}

    private final int rank;
    private final int size;
    private final Map<Key, CompletableFuture<SocketChannel>> waiting = new ConcurrentHashMap<>();
    private volatile boolean closed;

    InboundStreams(int rank, int size) {
        this.rank = rank;
        this.size = size;
    }

    /** Takes a connection whose handshake passed, from the rank it claims; called by the {@link ConnectionSorter}. */
    void arrived(StreamPurpose purpose, int peer, SocketChannel channel) {
        if (peer < 0 || peer >= size || peer == rank || closed) {
            LOG.warn("Closed a {} stream that claims to come from rank {} (this gang: 0..{})", purpose, peer, size - 1);
            Streams.closeQuietly(channel);
            return;
        }
        try {
            StreamConnection.tune(channel);
        } catch (IOException e) {
            LOG.warn("Closed a {} stream from rank {}: {}", purpose, peer, e.toString());
            Streams.closeQuietly(channel);
            return;
        }
        if (!slot(new Key(purpose, peer)).complete(channel)) {
            LOG.warn("Closed a second {} stream from rank {}", purpose, peer);
            Streams.closeQuietly(channel);
        }
    }

    /**
     * Waits for {@code peer}'s stream of {@code purpose}.
     *
     * @throws TimeoutException when it does not come within {@code timeout}
     * @throws ExecutionException when this host closes meanwhile
     */
    SocketChannel take(StreamPurpose purpose, int peer, Duration timeout)
            throws TimeoutException, ExecutionException, InterruptedException {
        Key key = new Key(purpose, peer);
        SocketChannel channel = slot(key).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        waiting.remove(key);
        return channel;
    }

    private CompletableFuture<SocketChannel> slot(Key key) {
        return waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    /** Closes the connections no one took, and fails the waits for those that never came. */
    @Override
    public void close() {
        closed = true;
        PeerLostException closing = new PeerLostException("this host's exchange is closing");
        waiting.values().forEach(slot -> {
            slot.completeExceptionally(closing);
            slot.thenAccept(Streams::closeQuietly);
        });
    }
}
