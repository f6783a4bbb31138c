package dev.fovea.trainer.inference.http;

import dev.fovea.trainer.inference.InferenceService;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection's handlers share: the model once it is ready, whether the server is draining, the memory
 * left for request bodies, and each connection's requests from their first byte to their answer (the in-flight count,
 * the latency metric and the body reservation are settled in one place, {@link #finish}).
 */
final class ServerState {

    /** One request from its headers to its answer. */
    record Ticket(String path, long startNanos, long reservedBytes) {}

    private static final AttributeKey<Deque<Ticket>> TICKETS = AttributeKey.valueOf("fovea.tickets");

    final ServerSettings settings;
    final ServeMetrics metrics;
    private final AtomicLong bodyBytesFree;
    private volatile InferenceService service;
    private volatile boolean draining;

    /** @param bodyBudgetBytes the memory all request bodies being received or processed may take together */
    ServerState(ServerSettings settings, ServeMetrics metrics, long bodyBudgetBytes) {
        this.settings = settings;
        this.metrics = metrics;
        this.bodyBytesFree = new AtomicLong(Math.max(bodyBudgetBytes, settings.maxBodyBytes()));
    }

    /** The model, or {@code null} while it loads. */
    InferenceService service() {
        return service;
    }

    void ready(InferenceService service) {
        this.service = service;
    }

    boolean draining() {
        return draining;
    }

    void drain() {
        draining = true;
    }

    /**
     * Opens a ticket for a request whose headers arrived, reserving {@code bodyBytes} of the body budget.
     *
     * @return whether the budget had room; the ticket is opened either way, so the answer settles it
     */
    boolean open(Channel channel, String path, long bodyBytes) {
        boolean reserved = reserve(bodyBytes);
        tickets(channel).addLast(new Ticket(path, System.nanoTime(), reserved ? bodyBytes : 0));
        metrics.requestStarted();
        return reserved;
    }

    private boolean reserve(long bytes) {
        while (true) {
            long free = bodyBytesFree.get();
            if (free < bytes) {
                return false;
            }
            if (bodyBytesFree.compareAndSet(free, free - bytes)) {
                return true;
            }
        }
    }

    /** Settles the oldest open request on {@code channel}, answered with {@code status}. */
    void finish(Channel channel, int status) {
        Ticket ticket = tickets(channel).pollFirst();
        if (ticket != null) {
            bodyBytesFree.addAndGet(ticket.reservedBytes());
            metrics.requestFinished(ticket.path(), status, System.nanoTime() - ticket.startNanos());
        }
    }

    /** Settles every request still open on a connection that closed. */
    void abandon(Channel channel) {
        Ticket ticket;
        while ((ticket = tickets(channel).pollFirst()) != null) {
            bodyBytesFree.addAndGet(ticket.reservedBytes());
            metrics.requestAbandoned();
        }
    }

    private static Deque<Ticket> tickets(Channel channel) {
        Deque<Ticket> tickets = channel.attr(TICKETS).get();
        if (tickets == null) {
            tickets = new ArrayDeque<>(2);
            channel.attr(TICKETS).set(tickets);
        }
        return tickets;
    }
}
