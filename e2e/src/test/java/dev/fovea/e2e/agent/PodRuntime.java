package dev.fovea.e2e.agent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How the local node agent runs a pod's container as a process of this machine: the container runtime's part. */
public interface PodRuntime {

    /**
     * Starts {@code container} of {@code pod}; its output goes to {@code log}, and what it writes to its termination
     * message path ends up in {@code terminationLog}.
     *
     * @param mounts the container's volume mounts, resolved to local files and folders
     * @param environment the container's resolved environment, plus whatever the agent adds (loopback ports)
     */
    Process start(
            Pod pod,
            Container container,
            Path podDirectory,
            List<PodMount> mounts,
            Map<String, String> environment,
            Path log,
            Path terminationLog)
            throws IOException;
}
