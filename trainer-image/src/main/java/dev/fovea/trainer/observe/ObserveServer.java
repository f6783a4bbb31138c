package dev.fovea.trainer.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.Ports;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The trainer's one HTTP port ({@code FOVEA_OBSERVE_PORT}, 8080): {@code GET /metrics} in Prometheus text format and
 * {@code GET /progress} as JSON. Port 8080 is reachable from every pod of a cluster, so the server does not trust its
 * clients: each connection is served on a virtual thread of its own (one slow or silent client holds only its own),
 * and the JDK server's limits, documented in its module {@code jdk.httpserver}, bound what one client may take: a
 * request must arrive within {@link #REQUEST_SECONDS} and its answer be read within {@link #RESPONSE_SECONDS}, a
 * request's headers are at most {@link #MAX_HEADER_BYTES} bytes, at most {@link #MAX_CONNECTIONS} connections are
 * open at once. Answers are small and computed in microseconds, so serving never competes with training for cores.
 */
public final class ObserveServer implements AutoCloseable {

    /** Seconds a client has to send its whole request before the server closes the connection. */
    static final int REQUEST_SECONDS = 10;
    /** Seconds a client has to read its answer. */
    static final int RESPONSE_SECONDS = 30;
    /** The largest request header section, in bytes: a GET of two short paths needs a few hundred. */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    /** Connections served at once; more wait in the listen backlog. */
    static final int MAX_CONNECTIONS = 64;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    static {
        // Read once, when the JDK's server class is first loaded; an operator's -D on the command line wins.
        setIfAbsent("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
        setIfAbsent("sun.net.httpserver.maxRspTime", RESPONSE_SECONDS);
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", MAX_HEADER_BYTES);
        setIfAbsent("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private ObserveServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on {@code address} (port 0 picks a free one, {@link #port()} tells which).
     *
     * @param progress the current progress, serialised with Jackson on each request
     */
    public static ObserveServer start(
            InetSocketAddress address, PrometheusMeterRegistry registry, Supplier<?> progress) {
        try {
            HttpServer server = HttpServer.create(address, 16);
            server.createContext(
                    Ports.METRICS_PATH,
                    exchange ->
                            respond(exchange, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8)));
            server.createContext(
                    Ports.PROGRESS_PATH,
                    exchange -> respond(exchange, "application/json", JSON.writeValueAsBytes(progress.get())));
            ExecutorService executor = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("fovea-observe-", 0).factory());
            server.setExecutor(executor);
            server.start();
            return new ObserveServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot serve metrics and progress on " + Ports.describe(address) + ": "
                            + e.getMessage() + " (" + ContainerEnvironment.LISTEN_ADDRESS + ", "
                            + ContainerEnvironment.OBSERVE_PORT + ")",
                    e);
        }
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
