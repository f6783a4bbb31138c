package dev.fovea.e2e.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real operator, run from its Quarkus build ({@code operator/target/quarkus-app/quarkus-run.jar}) as a separate
 * process pointed at the mock API server, so a scenario can stop and start it like a pod being rescheduled.
 */
final class OperatorProcess implements LocalOperator {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path quarkusRunJar;
    private final String apiServerUrl;
    private final Path log;
    private Process process;

    OperatorProcess(Path quarkusRunJar, String apiServerUrl, Path log) {
        this.quarkusRunJar = quarkusRunJar;
        this.apiServerUrl = apiServerUrl;
        this.log = log;
    }

    @Override
    public OperatorProcess start() {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dquarkus.http.port=0",
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
        ReadinessProbe.await(process, log, READY_TIMEOUT);
        return this;
    }

    @Override
    public void stop() {
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
}
