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
 * {@code GET /progress} as JSON. Serves from a single daemon thread so it never competes with training for cores.
 */
public final class ObserveServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private ObserveServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on {@code port} (0 picks a free one).
     *
     * @param progress the current progress, serialised with Jackson on each request
     */
    public static ObserveServer start(int port, PrometheusMeterRegistry registry, Supplier<?> progress) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
            server.createContext(
                    Ports.METRICS_PATH,
                    exchange ->
                            respond(exchange, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8)));
            server.createContext(
                    Ports.PROGRESS_PATH,
                    exchange -> respond(exchange, "application/json", JSON.writeValueAsBytes(progress.get())));
            ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "fovea-observe");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.start();
            return new ObserveServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot serve metrics and progress on port " + port + ": " + e.getMessage() + " (set "
                            + ContainerEnvironment.OBSERVE_PORT + " to a free port)",
                    e);
        }
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
