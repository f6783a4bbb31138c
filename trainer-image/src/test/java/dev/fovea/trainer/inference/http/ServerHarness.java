package dev.fovea.trainer.inference.http;

import dev.fovea.trainer.inference.InferenceService;
import dev.fovea.trainer.inference.InferenceSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A real {@code fovea serve} server on a loopback port, and a real HTTP client to call it with. */
public final class ServerHarness implements AutoCloseable {

    final ServeMetrics metrics;
    final InferenceServer server;
    final InferenceService service;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ServerHarness(ServeMetrics metrics, InferenceServer server, InferenceService service) {
        this.metrics = metrics;
        this.server = server;
        this.service = service;
    }

    /** Starts a server on a free port and makes it ready with the model in {@code modelDir}. */
    public static ServerHarness start(Path modelDir, InferenceSettings inference, ServerSettings settings) {
        ServeMetrics metrics = new ServeMetrics(inference.maxBatchSize());
        InferenceServer server = InferenceServer.start(settings, metrics);
        InferenceService service = InferenceService.start(modelDir, inference, metrics);
        server.ready(service);
        return new ServerHarness(metrics, server, service);
    }

    public static ServerSettings settings(long maxBodyBytes, Duration readTimeout, int maxConnections) {
        return new ServerSettings(0, maxBodyBytes, readTimeout, maxConnections, Duration.ofSeconds(10));
    }

    public int port() {
        return server.port();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(60))
                .build());
    }

    public HttpResponse<String> invoke(byte[] body, String contentType, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/invocations"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return send(request.build());
    }

    /**
     * Sends once more when the connection the client reused from its pool turns out closed before any answer: the
     * server closes connections idle for its read timeout, and one may close just as the client picks it, which HTTP
     * lets a client retry (RFC 9112, 9.3.1). Anything the server does answer is returned as it is.
     */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                throw e;
            }
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    @Override
    public void close() {
        server.shutdown();
        service.close();
    }
}
