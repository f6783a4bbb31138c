package dev.fovea.e2e.agent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The kubelet's part of starting one container of a pod: its environment resolved, its volumes laid out under the
 * pod's folder (shared by the pod's containers, so what an init container writes to an emptyDir the main container
 * reads), then the {@link PodRuntime} starts it with its log under its own folder.
 */
final class ContainerLauncher {

    private final Path workRoot;
    private final PodFilesystem filesystem;
    private final PodEnvironment environment;
    private final PodRuntime runtime;

    ContainerLauncher(Path workRoot, PodFilesystem filesystem, PodEnvironment environment, PodRuntime runtime) {
        this.workRoot = workRoot;
        this.filesystem = filesystem;
        this.environment = environment;
        this.runtime = runtime;
    }

    /** Starts the pod's first container, its log and root in the pod's folder. */
    LocalPod launch(Pod pod, Map<String, String> loopbackEnvironment, Consumer<List<PodMount>> mounted) {
        Path directory = podDirectory(pod);
        return launch(pod, pod.getSpec().getContainers().getFirst(), directory, loopbackEnvironment, mounted);
    }

    /**
     * Starts {@code container} of {@code pod} with its log and root in {@code containerDirectory}; {@code mounted}
     * sees its mounts before it starts (a trainer joins its gang there).
     */
    LocalPod launch(
            Pod pod,
            Container container,
            Path containerDirectory,
            Map<String, String> loopbackEnvironment,
            Consumer<List<PodMount>> mounted) {
        Map<String, String> env = new HashMap<>(environment.resolve(pod, container));
        List<PodMount> mounts = filesystem.mounts(pod, container, podDirectory(pod), env);
        env.putAll(loopbackEnvironment);
        mounted.accept(mounts);
        return LocalPod.start(pod, container, containerDirectory, mounts, env, runtime);
    }

    /** The pod's own folder, made on first use: its volumes, and the first container's log and root. */
    Path podDirectory(Pod pod) {
        try {
            return Files.createDirectories(workRoot.resolve("pods")
                    .resolve(pod.getMetadata().getNamespace())
                    .resolve(pod.getMetadata().getName() + "-"
                            + pod.getMetadata().getUid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
