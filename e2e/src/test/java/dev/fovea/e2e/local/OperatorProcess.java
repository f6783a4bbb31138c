package dev.fovea.e2e.local;

import dev.fovea.e2e.agent.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real operator, run from its Quarkus build ({@code operator/target/quarkus-app/quarkus-run.jar}) as a separate
 * process pointed at the mock API server, so a scenario can stop and start it like a pod being rescheduled.
 */
final class OperatorProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path quarkusRunJar;
    private final String apiServerUrl;
    private final Path log;
    private Process process;
    private int httpPort;

    OperatorProcess(Path quarkusRunJar, String apiServerUrl, Path log) {
        this.quarkusRunJar = quarkusRunJar;
        this.apiServerUrl = apiServerUrl;
        this.log = log;
    }

    /** Starts the operator and waits until its readiness probe answers. */
    OperatorProcess start() {
        httpPort = FreePort.next();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.kubernetes-client.api-server-url=" + apiServerUrl,
                "-Dquarkus.kubernetes-client.trust-certs=true",
                "-Dquarkus.kubernetes-client.namespace=default",
                // leader election is on in the prod profile only; one operator process needs none
                "-Dquarkus.profile=e2e",
                "-Dfovea.operator.progress-poll-interval=2s",
                "-Dfovea.operator.trainer-image=fovea-trainer:e2e",
                "-jar",
                quarkusRunJar.toString());
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the operator from " + quarkusRunJar, e);
        }
        awaitReady();
        return this;
    }

    /** Stops the operator as Kubernetes would (SIGTERM), waiting for its graceful shutdown. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(ready)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        throw new IllegalStateException("the operator was not ready within " + READY_TIMEOUT + "; see " + log);
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
