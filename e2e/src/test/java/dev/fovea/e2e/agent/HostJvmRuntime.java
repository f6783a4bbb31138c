package dev.fovea.e2e.agent;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.e2e.scenario.FoveaDistribution;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a trainer pod's container as this machine's JVM on the packaged CLI ({@code cli/target}, which ships the trainer), the
 * mounts linked under a local root whose {@code opt/ml} becomes {@code FOVEA_ML_ROOT}: fast, but neither the image nor
 * the pod's security context is exercised ({@link ImageRuntime} does both).
 */
public final class HostJvmRuntime implements PodRuntime {

    private final FoveaDistribution image;

    public HostJvmRuntime(FoveaDistribution image) {
        this.image = image;
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
        List<String> command = command(container, image);
        // a crash report goes beside the pod's log, not into the test's working directory
        command.add(1, "-XX:ErrorFile=" + podDirectory.resolve("hs_err_pid%p.log"));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment()
                .put(ContainerEnvironment.ML_ROOT, root.resolve("opt/ml").toString());
        builder.environment().put(ContainerEnvironment.TERMINATION_LOG, terminationLog.toString());
        return builder.start();
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
}
