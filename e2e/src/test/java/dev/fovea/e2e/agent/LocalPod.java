package dev.fovea.e2e.agent;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.status.Progress;
import dev.fovea.e2e.scenario.FoveaDistribution;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One pod's trainer container running as a local process, started from the pod spec. */
final class LocalPod {

    private final Pod pod;
    private final Path directory;
    private final Process process;

    private LocalPod(Pod pod, Path directory, Process process) {
        this.pod = pod;
        this.directory = directory;
        this.process = process;
    }

    static LocalPod start(
            Pod pod,
            Container container,
            Path directory,
            Path mlRoot,
            Map<String, String> environment,
            FoveaDistribution image) {
        ProcessBuilder builder = new ProcessBuilder(command(container, image))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("trainer.log").toFile());
        builder.environment().putAll(environment);
        builder.environment().put(ContainerEnvironment.ML_ROOT, mlRoot.toString());
        builder.environment()
                .put(
                        ContainerEnvironment.TERMINATION_LOG,
                        directory.resolve("termination-log").toString());
        try {
            return new LocalPod(pod, directory, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the trainer of pod " + pod.getMetadata().getName(), e);
        }
    }

    /**
     * The image's program the container names, as the image's scripts run it: {@code train} (also when the container
     * names nothing, SageMaker's entry point) starts the trainer; {@code fovea ...} and any other command go to the CLI.
     */
    static List<String> command(Container container, FoveaDistribution image) {
        List<String> line = new ArrayList<>();
        if (container.getCommand() != null) {
            line.addAll(container.getCommand());
        }
        if (container.getArgs() != null) {
            line.addAll(container.getArgs());
        }
        if (line.isEmpty()) {
            return image.train(List.of());
        }
        String program = Path.of(line.getFirst()).getFileName().toString();
        return switch (program) {
            case "train" -> image.train(line.subList(1, line.size()));
            case "fovea" -> image.fovea(line.subList(1, line.size()));
            default -> image.fovea(line);
        };
    }

    Pod pod() {
        return pod;
    }

    Process process() {
        return process;
    }

    Path log() {
        return directory.resolve("trainer.log");
    }

    /** What the trainer wrote to its termination log, at most 4 KiB as the kubelet keeps. */
    String terminationMessage() {
        Path file = directory.resolve("termination-log");
        try {
            if (!Files.exists(file)) {
                return null;
            }
            byte[] bytes = Files.readAllBytes(file);
            return new String(
                    bytes, 0, Math.min(bytes.length, Progress.TERMINATION_MESSAGE_LIMIT_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** Kills the process as the kubelet does on deletion: SIGTERM, then SIGKILL after a grace period. */
    void kill() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills at once (SIGKILL), as when a node dies: the scenario "one trainer process killed mid-epoch". */
    void crash() {
        process.destroyForcibly();
    }
}
