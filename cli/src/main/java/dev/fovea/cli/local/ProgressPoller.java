package dev.fovea.cli.local;

import dev.fovea.api.status.Progress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Reads rank 0's {@code GET /progress}, which speaks for the whole job. */
final class ProgressPoller {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI progressUri;

    ProgressPoller(int observePort) {
        this.progressUri = URI.create("http://127.0.0.1:" + observePort + "/progress");
    }

    /** The current progress, or empty while the trainer has not started its server yet (or has just stopped). */
    Optional<Progress> poll() {
        HttpRequest request =
                HttpRequest.newBuilder(progressUri).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(Progress.fromJson(response.body()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
