package dev.fovea.e2e.local;

import dev.fovea.e2e.agent.BoundPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The operator's readiness probe, {@code GET /q/health/ready}, polled until it answers 200 or the process exits. The
 * operator binds port 0; the probe learns the port it got from {@link BoundPorts}, so no port is picked and released
 * for another process to take meanwhile.
 */
final class ReadinessProbe {

    private ReadinessProbe() {}

    /** The port the operator listens on, once it answers ready. */
    static int await(Process process, Path log, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.exitValue() + "; see " + log);
            }
            Set<Integer> bound = BoundPorts.of(process);
            if (bound.size() > 1) {
                throw new IllegalStateException(
                        "the operator listens on " + bound + ", expected one HTTP port; see " + log);
            }
            if (bound.isEmpty()) {
                sleep();
                continue;
            }
            int port = bound.iterator().next();
            URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(ready)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return port;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        throw new IllegalStateException("the operator was not ready within " + timeout + "; see " + log);
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
