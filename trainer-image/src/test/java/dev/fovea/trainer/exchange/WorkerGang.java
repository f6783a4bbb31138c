package dev.fovea.trainer.exchange;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Starts {@link ExchangeWorker}s as separate JVMs on loopback, each on its own port, and collects their results. */
final class WorkerGang implements AutoCloseable {

    static final String TOKEN = "test-token-0123456789";

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private final String ports;

    WorkerGang(Path dir, int hosts) {
        this.dir = dir;
        this.ports = IntStream.range(0, hosts)
                .mapToObj(k -> String.valueOf(FreePorts.pick()))
                .collect(Collectors.joining(","));
    }

    /** Sets an environment variable for the hosts started from now on. */
    WorkerGang withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Starts host {@code rank} of this gang. */
    Process start(
            String mode, int rank, int batch, int steps, long peerTimeoutSeconds, long stepDelayMillis, String token) {
        return start(mode, rank, ports, batch, steps, peerTimeoutSeconds, stepDelayMillis, token);
    }

    /** Starts a process with its own port list (a single-host baseline, say). */
    Process start(
            String mode,
            int rank,
            String portList,
            int batch,
            int steps,
            long peerTimeoutSeconds,
            long stepDelayMillis,
            String token) {
        String name = mode + "-" + rank + "-of-" + portList.split(",").length;
        return launch(
                name,
                ExchangeWorker.class,
                token,
                mode,
                String.valueOf(rank),
                portList,
                String.valueOf(batch),
                String.valueOf(steps),
                weightsFile(name).toString(),
                String.valueOf(peerTimeoutSeconds),
                String.valueOf(stepDelayMillis));
    }

    /** Starts {@code main} in a new JVM with this test's class path; its output goes to {@code <name>.out/.err}. */
    Process launch(String name, Class<?> main, String token, String... args) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m",
                "-Dai.djl.offline=true",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().put(ContainerEnvironment.EXCHANGE_TOKEN, token);
        builder.environment().put(ContainerEnvironment.EXCHANGE_DEBUG, "1");
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String ports() {
        return ports;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    Path weightsFile(String name) {
        return dir.resolve(name + ".weights");
    }

    float[] weights(String mode, int rank, int hosts) throws IOException {
        return ExchangeWorker.read(weightsFile(mode + "-" + rank + "-of-" + hosts));
    }

    String stderr(String mode, int rank, int hosts) throws IOException {
        return stderr(mode + "-" + rank + "-of-" + hosts);
    }

    String stderr(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".err"));
    }

    String stdout(String mode, int rank, int hosts) throws IOException {
        return Files.readString(dir.resolve(mode + "-" + rank + "-of-" + hosts + ".out"));
    }

    /** Waits for {@code process} to exit, at most {@code timeout}; returns its exit code, or -1 if it is still running. */
    static int exitCode(Process process, Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
