package dev.fovea.trainer.exchange.transport;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.HostGroup;
import dev.fovea.trainer.exchange.PeerLostException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Channels to every other host, addressed by their {@code host_addresses} entry (a DNS name under the job's headless
 * Service in a cluster, {@code 127.0.0.1:port} in tests: the same resolver either way). Every call has a deadline;
 * a call that fails becomes a {@link PeerLostException} naming the peer and what went wrong.
 */
public final class PeerClients implements AutoCloseable {

    private final HostGroup group;
    private final ExchangeStats stats;
    private final Duration peerTimeout;
    private final ManagedChannel[] channels;
    private final Channel[] authenticated;

    public PeerClients(HostGroup group, ExchangeToken token, ExchangeStats stats, Duration peerTimeout) {
        this.group = group;
        this.stats = stats;
        this.peerTimeout = peerTimeout;
        channels = new ManagedChannel[group.size()];
        authenticated = new Channel[group.size()];
        for (int peer = 0; peer < group.size(); peer++) {
            if (peer != group.rank()) {
                channels[peer] = NettyChannelBuilder.forTarget(group.addresses().get(peer))
                        .usePlaintext()
                        .maxInboundMessageSize(ExchangeProtocol.MAX_MESSAGE_BYTES)
                        .build();
                authenticated[peer] = ClientInterceptors.intercept(channels[peer], token.clientInterceptor());
            }
        }
    }

    /**
     * One startup probe: true when {@code peer} answered within {@code attempt}, false when it is not up yet.
     *
     * @throws PeerLostException when the peer answers but refuses our token (the hosts hold different tokens)
     */
    public boolean hello(int peer, Duration attempt) {
        channels[peer].resetConnectBackoff();
        try {
            send(peer, ExchangeProtocol.CALL, Envelope.of(Envelope.Kind.HELLO, group.rank(), 0, 0, 0), attempt);
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAUTHENTICATED) {
                throw lost(peer, e);
            }
            return false;
        }
    }

    /** Sends a one-way message and waits for its acknowledgement (not for the peer to use it). */
    public void deliver(int peer, Envelope message) {
        try {
            send(peer, ExchangeProtocol.DELIVER, message, peerTimeout);
        } catch (StatusRuntimeException e) {
            throw lost(peer, e);
        }
    }

    /** Sends a one-way message, ignoring any failure: for telling peers to stop when things already went wrong. */
    public void tryDeliver(int peer, Envelope message, Duration timeout) {
        try {
            send(peer, ExchangeProtocol.DELIVER, message, timeout);
        } catch (StatusRuntimeException ignored) {
            // the peer may be the one that is gone
        }
    }

    /** Sends a request; the future fails with a {@link PeerLostException} if the peer does not answer in time. */
    public CompletableFuture<Envelope> call(int peer, Envelope request, Duration timeout) {
        stats.recordSent(EnvelopeMarshaller.HEADER_BYTES + request.payloadBytes());
        CompletableFuture<Envelope> answer = new CompletableFuture<>();
        Futures.addCallback(
                ClientCalls.futureUnaryCall(
                        authenticated[peer].newCall(ExchangeProtocol.CALL, options(timeout)), request),
                new FutureCallback<>() {
                    @Override
                    public void onSuccess(Envelope response) {
                        stats.recordReceived(EnvelopeMarshaller.HEADER_BYTES + response.payloadBytes());
                        answer.complete(response);
                    }

                    @Override
                    public void onFailure(Throwable failure) {
                        answer.completeExceptionally(
                                failure instanceof StatusRuntimeException status ? lost(peer, status) : failure);
                    }
                },
                MoreExecutors.directExecutor());
        return answer;
    }

    /** Waits for a {@link #call}, rethrowing its {@link PeerLostException} as it is. */
    public static Envelope await(CompletableFuture<Envelope> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private Envelope send(
            int peer, io.grpc.MethodDescriptor<Envelope, Envelope> method, Envelope message, Duration timeout) {
        stats.recordSent(EnvelopeMarshaller.HEADER_BYTES + message.payloadBytes());
        Envelope answer = ClientCalls.blockingUnaryCall(authenticated[peer], method, options(timeout), message);
        stats.recordReceived(EnvelopeMarshaller.HEADER_BYTES + answer.payloadBytes());
        return answer;
    }

    private static CallOptions options(Duration timeout) {
        return CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private PeerLostException lost(int peer, StatusRuntimeException e) {
        String what = switch (e.getStatus().getCode()) {
            case DEADLINE_EXCEEDED -> "did not answer within the peer timeout";
            case UNAVAILABLE -> "is unreachable (" + e.getStatus().getDescription() + ")";
            case UNAUTHENTICATED ->
                "refused our exchange token (the hosts hold different " + ContainerEnvironment.EXCHANGE_TOKEN
                        + " values)";
            default -> "failed: " + e.getStatus();
        };
        return new PeerLostException("exchange peer " + group.describe(peer) + " " + what, e);
    }

    @Override
    public void close() {
        for (ManagedChannel channel : channels) {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
    }
}
