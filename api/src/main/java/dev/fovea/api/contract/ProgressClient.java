package dev.fovea.api.contract;

import dev.fovea.api.status.Progress;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads a trainer host's {@code GET /progress} ({@link Ports#PROGRESS_PATH}); rank 0's speaks for the job. The operator
 * polls it through the job's hosts Service, local mode on loopback. A read that fails is logged at debug level and
 * gives no progress: a trainer that is starting, restarting or gone simply has none to give.
 */
public final class ProgressClient {

    private static final System.Logger LOG = System.getLogger(ProgressClient.class.getName());

    private final HttpClient http;
    private final Duration timeout;

    /** A client whose connects and reads each give up after {@code timeout}. */
    public ProgressClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** {@code http://<host>:<port>/progress}. */
    public static URI uri(String host, int port) {
        return URI.create("http://" + host + ":" + port + Ports.PROGRESS_PATH);
    }

    /** The progress {@code uri} serves; empty when it does not answer 200 with progress JSON in time. */
    public Optional<Progress> read(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.log(Level.DEBUG, "{0} answered {1}", uri, response.statusCode());
                return Optional.empty();
            }
            return Optional.of(Progress.fromJson(response.body()));
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.DEBUG, "No progress from {0}: {1}", uri, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
