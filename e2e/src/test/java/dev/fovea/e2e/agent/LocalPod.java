package dev.fovea.e2e.agent;

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

    /** Where the trainer image's {@code train} entry point lives on this machine: the packaged trainer. */
    record TrainerDistribution(Path jar, Path lib) {

        List<String> command(List<String> foveaArguments) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true",
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp",
                    jar + java.io.File.pathSeparator + lib + "/*",
                    "dev.fovea.trainer.cli.FoveaCommand"));
            command.addAll(foveaArguments);
            return command;
        }
    }

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
            TrainerDistribution trainer) {
        ProcessBuilder builder = new ProcessBuilder(trainer.command(foveaArguments(container)))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("trainer.log").toFile());
        builder.environment().putAll(environment);
        builder.environment().put("FOVEA_ML_ROOT", mlRoot.toString());
        builder.environment()
                .put(
                        "FOVEA_TERMINATION_LOG",
                        directory.resolve("termination-log").toString());
        try {
            return new LocalPod(pod, directory, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the trainer of pod " + pod.getMetadata().getName(), e);
        }
    }

    /** The image runs {@code train} (SageMaker's entry point), i.e. {@code fovea train}; other commands pass through. */
    static List<String> foveaArguments(Container container) {
        List<String> line = new ArrayList<>();
        if (container.getCommand() != null) {
            line.addAll(container.getCommand());
        }
        if (container.getArgs() != null) {
            line.addAll(container.getArgs());
        }
        if (line.isEmpty()) {
            return List.of("train");
        }
        String program = Path.of(line.getFirst()).getFileName().toString();
        if (program.equals("fovea")) {
            return line.subList(1, line.size());
        }
        return line;
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
            return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8);
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
