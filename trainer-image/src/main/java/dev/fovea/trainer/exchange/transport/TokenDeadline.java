package dev.fovea.trainer.exchange.transport;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Closes a gRPC connection on the exchange port that makes no call carrying the job's token within
 * {@link ConnectionSorter#HANDSHAKE_TIMEOUT} of its arrival: a caller that completes HTTP/2's opening and then stays
 * silent, or only makes calls the token check refuses, cannot hold a connection open. Once a call on a connection
 * passes the token check the connection is the job's own and is never closed for idling, so a peer that is quiet
 * for a long validation pass keeps its channel.
 */
final class TokenDeadline {

    private final RefusalLog refusals;
    /** The connections that have not yet made an authenticated call, by their peer's address. */
    private final Map<SocketAddress, Channel> unproven = new ConcurrentHashMap<>();

    TokenDeadline(RefusalLog refusals) {
        this.refusals = refusals;
    }

    /**
     * Starts the clock for a connection handed to gRPC; {@code acceptedNanos} is when the port accepted it, and
     * {@code timer} runs the check.
     */
    void watch(Channel connection, long acceptedNanos, EventLoop timer) {
        SocketAddress remote = connection.remoteAddress();
        if (remote == null) {
            connection.close();
            return;
        }
        unproven.put(remote, connection);
        long left = acceptedNanos + ConnectionSorter.HANDSHAKE_TIMEOUT.toNanos() - System.nanoTime();
        var check = timer.schedule(() -> expire(remote, connection), Math.max(left, 0), TimeUnit.NANOSECONDS);
        connection.closeFuture().addListener(closed -> {
            check.cancel(false);
            unproven.remove(remote, connection);
        });
    }

    /** Marks the connection of every call that reaches it as proven; place it after the token check. */
    ServerInterceptor provenByCalls() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                if (remote != null) {
                    unproven.remove(remote);
                }
                return next.startCall(call, headers);
            }
        };
    }

    private void expire(SocketAddress remote, Channel connection) {
        if (unproven.remove(remote, connection)) {
            refusals.refused(
                    "no authenticated call",
                    "Closed a gRPC connection to the exchange port from " + remote
                            + " that made no call with the job's token within "
                            + ConnectionSorter.HANDSHAKE_TIMEOUT.toSeconds() + " s");
            connection.close();
        }
    }
}
