package dev.fovea.e2e.agent;

import dev.fovea.api.status.Progress;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One pod's container running as a local process, started from the pod spec by a {@link PodRuntime}. */
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
            List<PodMount> mounts,
            Map<String, String> environment,
            PodRuntime runtime) {
        try {
            Process process = runtime.start(
                    pod,
                    container,
                    directory,
                    mounts,
                    environment,
                    directory.resolve("container.log"),
                    directory.resolve("termination-log"));
            return new LocalPod(pod, directory, process);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start container " + container.getName() + " of pod "
                            + pod.getMetadata().getName(),
                    e);
        }
    }

    Pod pod() {
        return pod;
    }

    Process process() {
        return process;
    }

    Path log() {
        return directory.resolve("container.log");
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
        // Under a runtime's monitor (bwrap) the container is the monitor's child: it gets the SIGTERM, and the monitor
        // ends with it.
        List<ProcessHandle> container = process.children().toList();
        if (container.isEmpty()) {
            process.destroy();
        } else {
            container.forEach(ProcessHandle::destroy);
        }
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
