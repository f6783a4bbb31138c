package dev.fovea.e2e.agent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a trainer pod's container as this machine's JVM on the packaged trainer ({@code trainer-image/target}), the
 * mounts linked under a local root whose {@code opt/ml} becomes {@code FOVEA_ML_ROOT}: fast, but neither the image nor
 * the pod's security context is exercised ({@link ImageRuntime} does both).
 */
public final class HostJvmRuntime implements PodRuntime {

    private final Path jar;
    private final Path lib;

    public HostJvmRuntime(Path jar, Path lib) {
        this.jar = jar;
        this.lib = lib;
    }

    @Override
    public Process start(
            Pod pod,
            Container container,
            Path podDirectory,
            List<PodMount> mounts,
            Map<String, String> environment,
            Path log,
            Path terminationLog)
            throws IOException {
        Path root = PodFilesystem.linkUnder(podDirectory.resolve("root"), mounts);
        ProcessBuilder builder = new ProcessBuilder(command(foveaArguments(container)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("FOVEA_ML_ROOT", root.resolve("opt/ml").toString());
        builder.environment().put("FOVEA_TERMINATION_LOG", terminationLog.toString());
        return builder.start();
    }

    private List<String> command(List<String> foveaArguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                jar + File.pathSeparator + lib + "/*",
                "dev.fovea.trainer.cli.FoveaCommand"));
        command.addAll(foveaArguments);
        return command;
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
}
