package dev.fovea.e2e.agent;

import java.nio.file.Path;

/**
 * One volume mount of a container, resolved to this machine: the local file or folder {@code source} (the volume, or
 * its {@code subPath}) appears at {@code target} inside the container, read-only when the pod says so.
 */
public record PodMount(Path source, String target, boolean readOnly) {}
