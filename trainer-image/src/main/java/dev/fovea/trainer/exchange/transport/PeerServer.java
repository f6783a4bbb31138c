package dev.fovea.trainer.exchange.transport;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.Ports;
import dev.fovea.trainer.exchange.ExchangeStats;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * This host's exchange endpoint: one-way messages go into the {@link Mailbox}; requests go to the handler
 * registered for their {@link Envelope.Kind}. Every call must carry the job's {@link ExchangeToken}. The same port
 * takes the peers' stream connections, which its {@link ConnectionSorter} hands to {@link Streams}.
 */
public final class PeerServer implements AutoCloseable {

    /** Answers one request with a payload, possibly later (e.g. once this host's trainer is ready). */
    @FunctionalInterface
    public interface RequestHandler {
        CompletableFuture<ByteBuffer> answer(Envelope request);
    }

    private final int rank;
    private final Mailbox mailbox;
    private final ExchangeStats stats;
    private final Map<Envelope.Kind, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final InetSocketAddress address;
    private final Server server;
    private final ConnectionSorter sorter;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;

    /** A server for {@code address}; port 0 binds a free port ({@link #port()} tells which once started). */
    public PeerServer(
            InetSocketAddress address,
            int rank,
            ExchangeToken token,
            Mailbox mailbox,
            ExchangeStats stats,
            Streams streams) {
        this.address = address;
        this.rank = rank;
        this.mailbox = mailbox;
        this.stats = stats;
        ServerServiceDefinition service = ServerServiceDefinition.builder(ExchangeProtocol.SERVICE)
                .addMethod(ExchangeProtocol.DELIVER, ServerCalls.asyncUnaryCall(this::deliver))
                .addMethod(ExchangeProtocol.CALL, ServerCalls.asyncUnaryCall(this::call))
                .build();
        RefusalLog refusals = new RefusalLog();
        sorter = new ConnectionSorter(token, streams, refusals);
        TokenDeadline deadline = new TokenDeadline(refusals);
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("fovea-exchange-accept", true));
        workers = new NioEventLoopGroup(0, new DefaultThreadFactory("fovea-exchange-grpc", true));
        server = NettyServerBuilder.forAddress(address)
                .channelFactory(() -> new SharedPortServerChannel(sorter, deadline))
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .maxInboundMessageSize(ExchangeProtocol.MAX_MESSAGE_BYTES)
                // a connection handed on to gRPC must still complete HTTP/2's preface and settings in time
                .handshakeTimeout(ConnectionSorter.HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                // the last interceptor runs first: a call reaches the deadline's only when its token is right
                .addService(ServerInterceptors.intercept(
                        service, deadline.provenByCalls(), token.serverInterceptor(refusals)))
                .build();
    }

    /** Registers the answer to requests of {@code kind}; do this before {@link #start()}. */
    public void handle(Envelope.Kind kind, RequestHandler handler) {
        handlers.put(kind, handler);
    }

    public PeerServer start() {
        try {
            server.start();
            return this;
        } catch (IOException e) {
            close();
            String cause = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new UncheckedIOException(
                    "the gradient exchange cannot listen on " + Ports.describe(address)
                            + " (" + ContainerEnvironment.LISTEN_ADDRESS + ", " + ContainerEnvironment.EXCHANGE_PORT
                            + " or the port in this host's host_addresses entry): " + cause,
                    e);
        }
    }

    public int port() {
        return server.getPort();
    }

    private void deliver(Envelope message, StreamObserver<Envelope> response) {
        stats.recordReceived(EnvelopeMarshaller.HEADER_BYTES + message.payloadBytes());
        if (message.kind() == Envelope.Kind.ABORT) {
            mailbox.abort(
                    StandardCharsets.UTF_8.decode(message.payload().duplicate()).toString());
        } else {
            mailbox.deliver(message);
        }
        reply(response, Envelope.of(message.kind(), rank, message.step(), message.bucket(), message.round()));
    }

    private void call(Envelope request, StreamObserver<Envelope> response) {
        stats.recordReceived(EnvelopeMarshaller.HEADER_BYTES + request.payloadBytes());
        if (request.kind() == Envelope.Kind.HELLO) {
            reply(response, Envelope.of(Envelope.Kind.HELLO, rank, 0, 0, 0));
            return;
        }
        RequestHandler handler = handlers.get(request.kind());
        if (handler == null) {
            response.onError(Status.UNIMPLEMENTED
                    .withDescription("this host does not answer " + request.kind() + " requests")
                    .asRuntimeException());
            return;
        }
        handler.answer(request).whenComplete((payload, failure) -> {
            if (failure != null) {
                response.onError(
                        Status.INTERNAL.withDescription(failure.toString()).asRuntimeException());
            } else {
                reply(
                        response,
                        new Envelope(request.kind(), rank, request.step(), request.bucket(), request.round(), payload));
            }
        });
    }

    private void reply(StreamObserver<Envelope> response, Envelope answer) {
        stats.recordSent(EnvelopeMarshaller.HEADER_BYTES + answer.payloadBytes());
        response.onNext(answer);
        response.onCompleted();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        sorter.close();
        boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }
}
