package dev.fovea.trainer.inference.http;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.inference.InferenceService;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of {@code fovea serve}, on Netty. It listens as soon as it starts, answering {@code /ping} with 503
 * until {@link #ready} hands it the loaded model; {@link #shutdown} stops accepting, lets the requests in flight
 * finish, then closes.
 */
public final class InferenceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceServer.class);
    /** Bytes of a request line and of all headers together; larger ones are refused (400). */
    private static final int MAX_INITIAL_LINE = 4096;

    private static final int MAX_HEADERS = 8192;
    private static final int MAX_CHUNK = 64 * 1024;

    private final ServerState state;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup io;
    private final ChannelGroup connections;
    private final Channel listener;

    private InferenceServer(
            ServerState state, EventLoopGroup acceptor, EventLoopGroup io, ChannelGroup connections, Channel listener) {
        this.state = state;
        this.acceptor = acceptor;
        this.io = io;
        this.connections = connections;
        this.listener = listener;
    }

    /** Binds {@code settings.port()} on all interfaces; not ready until {@link #ready}. */
    public static InferenceServer start(ServerSettings settings, ServeMetrics metrics) {
        ServerState state =
                new ServerState(settings, metrics, Runtime.getRuntime().maxMemory() / 4);
        EventLoopGroup acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("fovea-http-accept", true));
        EventLoopGroup io = new NioEventLoopGroup(
                Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory("fovea-http", true));
        ConnectionLimiter limiter = new ConnectionLimiter(settings.maxConnections(), metrics);
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            Channel listener = new ServerBootstrap()
                    .group(acceptor, io)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            connections.add(channel);
                            channel.pipeline()
                                    .addLast(limiter)
                                    .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK))
                                    .addLast(new SlowSenderGuard(state))
                                    .addLast(new RequestGate(state))
                                    .addLast(new LimitedAggregator(state))
                                    .addLast(new InferenceHandler(state));
                        }
                    })
                    .bind(new InetSocketAddress(settings.port()))
                    .syncUninterruptibly()
                    .channel();
            InferenceServer server = new InferenceServer(state, acceptor, io, connections, listener);
            LOG.info("Listening on port {}", server.port());
            return server;
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException(
                    "Cannot listen on port " + settings.port() + ": " + e.getMessage() + " (set --port or "
                            + ContainerEnvironment.SERVE_PORT + " to a free port)",
                    e);
        }
    }

    /** The port actually bound. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Starts answering invocations with {@code service}; {@code /ping} answers 200 from now on. */
    public void ready(InferenceService service) {
        state.metrics.modelLoaded(service.loadSeconds());
        state.ready(service);
    }

    /**
     * Stops accepting connections and waits up to the shutdown grace for the requests in flight, then closes every
     * connection and the event loops. Meanwhile {@code /ping} answers 503, and requests that still arrive on open
     * connections (a client's keep-alive connection outlives the pod's removal from a Service behind kube-proxy) are
     * served as usual, each answer saying {@code Connection: close}, so that the client reconnects to another pod.
     *
     * @return whether every request in flight was answered within the grace period
     */
    public boolean shutdown() {
        state.drain();
        listener.close().syncUninterruptibly();
        long deadline = System.nanoTime() + state.settings.shutdownGrace().toNanos();
        while (state.metrics.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean drained = state.metrics.inFlight() == 0;
        if (!drained) {
            LOG.warn(
                    "{} request(s) still in flight after the {} s grace period; closing their connections",
                    state.metrics.inFlight(),
                    state.settings.shutdownGrace().toSeconds());
        }
        connections.close().syncUninterruptibly();
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        return drained;
    }

    @Override
    public void close() {
        if (!io.isShuttingDown()) {
            shutdown();
        }
    }
}
