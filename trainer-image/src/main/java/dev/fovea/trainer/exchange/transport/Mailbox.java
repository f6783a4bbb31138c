package dev.fovea.trainer.exchange.transport;

import dev.fovea.trainer.exchange.PeerLostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Where one-way messages wait until this host asks for them. A message may arrive before it is asked for (a fast
 * peer is a round ahead) or after; either way {@link #take} gets it. Waiting is bounded, and an abort from any peer
 * wakes every waiter at once, so no host hangs on a gang that is already failing.
 */
public final class Mailbox {

    /** Names a message uniquely within a run. */
    public record Key(Envelope.Kind kind, int fromRank, long step, int bucket, int round) {

        static Key of(Envelope envelope) {
            return new Key(envelope.kind(), envelope.fromRank(), envelope.step(), envelope.bucket(), envelope.round());
        }
    }

    private final Map<Key, CompletableFuture<Envelope>> slots = new ConcurrentHashMap<>();
    private volatile String abortReason;

    void deliver(Envelope envelope) {
        slot(Key.of(envelope)).complete(envelope);
    }

    /**
     * Waits for the message named by {@code key}.
     *
     * @param timeout how long to wait
     * @param onTimeout the {@link PeerLostException} message if nothing arrives in time
     */
    public Envelope take(Key key, Duration timeout, Supplier<String> onTimeout) {
        try {
            return poll(key, timeout).orElseThrow(() -> new PeerLostException(onTimeout.get()));
        } finally {
            slots.remove(key);
        }
    }

    /** Waits for the message named by {@code key}; empty if it did not come within {@code timeout} (it may later). */
    public Optional<Envelope> poll(Key key, Duration timeout) {
        CompletableFuture<Envelope> slot = slot(key);
        String reason = abortReason;
        if (reason != null) {
            slot.completeExceptionally(new PeerLostException(reason));
        }
        try {
            Envelope envelope = slot.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            slots.remove(key);
            return Optional.of(envelope);
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PeerLostException lost ? lost : new PeerLostException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerLostException("interrupted while waiting for " + key, e);
        }
    }

    /** Fails every present and future wait with {@code reason}. */
    public void abort(String reason) {
        abortReason = reason;
        slots.values().forEach(slot -> slot.completeExceptionally(new PeerLostException(reason)));
    }

    public boolean aborted() {
        return abortReason != null;
    }

    /** Why a peer told the gang to stop, or null while none has. */
    public String abortReason() {
        return abortReason;
    }

    private CompletableFuture<Envelope> slot(Key key) {
        return slots.computeIfAbsent(key, k -> new CompletableFuture<>());
    }
}
