package dev.fovea.e2e.agent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a pod's container from its image's unpacked root filesystem with bubblewrap, as a container runtime would
 * under the pod's security context: the root read-only, the process as the pod's uid and gid (a real uid of this
 * machine: run by root, {@code setpriv} switches to it before {@code bwrap} starts, so files owned by root stay out
 * of its reach),
 * every capability dropped, no new privileges, only the pod's volumes writable at their mount paths, the image's
 * environment overlaid with the pod's, the image's working directory and entry point unless the pod overrides them,
 * the termination message path and {@code /etc/hosts} provided as the kubelet does. The network is this machine's:
 * the agent maps cluster names to loopback ports. Not applied: the seccomp profile ({@code RuntimeDefault} is the
 * runtime's own list, which bubblewrap does not carry) and resource limits.
 */
public final class ImageRuntime implements PodRuntime {

    private static final String DEFAULT_TERMINATION_PATH = "/dev/termination-log";

    private final Map<String, ContainerImage> images;

    /** @param images the images this "node" has, by the reference a pod names them with */
    public ImageRuntime(Map<String, ContainerImage> images) {
        this.images = Map.copyOf(images);
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
        if (!runByRoot()) {
            throw new IOException("the image runtime needs root, to run each pod as its own uid");
        }
        ContainerImage image = images.get(container.getImage());
        if (image == null) {
            throw new IOException("ErrImagePull: no local image " + container.getImage() + " (this node has "
                    + images.keySet() + ")");
        }
        ContainerIdentity identity = ContainerIdentity.of(pod, container, image);
        if (!identity.readOnlyRoot()) {
            throw new IOException("container " + container.getName()
                    + " wants a writable root filesystem; the local runtime shares one unpacked image between pods and"
                    + " runs read-only roots only");
        }
        List<String> process = image.processFor(container.getCommand(), container.getArgs());
        if (process.isEmpty()) {
            throw new IOException("container " + container.getName() + " has no command and its image no entry point");
        }
        Files.deleteIfExists(terminationLog);
        Files.createFile(terminationLog);
        Files.setPosixFilePermissions(terminationLog, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path hosts = Files.writeString(
                podDirectory.resolve("hosts"),
                "127.0.0.1\tlocalhost " + hostname(pod) + "\n::1\tlocalhost ip6-localhost ip6-loopback\n");

        List<String> line = new ArrayList<>(switchUser(identity));
        line.addAll(List.of("bwrap", "--die-with-parent", "--unshare-user", "--unshare-ipc", "--unshare-uts"));
        line.addAll(List.of("--uid", Long.toString(identity.uid()), "--gid", Long.toString(identity.gid())));
        line.addAll(List.of("--hostname", hostname(pod)));
        line.addAll(List.of("--ro-bind", image.rootfs().toString(), "/", "--proc", "/proc", "--dev", "/dev"));
        for (PodMount mount : outerFirst(mounts)) {
            mountPoint(image.rootfs(), mount);
            line.addAll(List.of(
                    mount.readOnly() ? "--ro-bind" : "--bind", mount.source().toString(), mount.target()));
        }
        PodMount hostsFile = new PodMount(hosts, "/etc/hosts", true);
        mountPoint(image.rootfs(), hostsFile);
        line.addAll(List.of("--ro-bind", hosts.toString(), hostsFile.target()));
        line.addAll(List.of("--bind", terminationLog.toString(), terminationPath(container)));
        line.addAll(List.of("--chdir", workingDir(container, image)));
        if (identity.noCapabilities()) {
            line.addAll(List.of("--cap-drop", "ALL"));
        }
        line.add("--clearenv");
        Map<String, String> merged = new LinkedHashMap<>(image.environment());
        merged.putAll(environment);
        merged.forEach((name, value) -> line.addAll(List.of("--setenv", name, value)));
        line.add("--");
        line.addAll(process);
        return new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** {@code setpriv} makes the pod's uid and groups this machine's own before {@code bwrap} starts. */
    private static List<String> switchUser(ContainerIdentity identity) {
        List<String> line = new ArrayList<>(List.of(
                "setpriv",
                "--reuid=" + identity.uid(),
                "--regid=" + identity.gid(),
                "--groups=" + identity.groups().stream().map(String::valueOf).collect(Collectors.joining(","))));
        if (identity.noCapabilities()) {
            line.addAll(List.of("--inh-caps=-all", "--bounding-set=-all"));
        }
        return line;
    }

    /** Whether this JVM runs as root, as CI does. */
    public static boolean runByRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Creates the mount's target in the unpacked image if missing, as a runtime does in the container's own layer. */
    private static void mountPoint(Path rootfs, PodMount mount) throws IOException {
        Path target = rootfs.resolve(mount.target().substring(1));
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(mount.source())) {
            Files.createDirectories(target);
        } else {
            Files.createDirectories(target.getParent());
            Files.createFile(target);
        }
    }

    private static List<PodMount> outerFirst(List<PodMount> mounts) {
        return mounts.stream()
                .sorted(Comparator.comparingInt(mount -> mount.target().length()))
                .toList();
    }

    private static String hostname(Pod pod) {
        String hostname = pod.getSpec().getHostname();
        return hostname == null || hostname.isEmpty() ? pod.getMetadata().getName() : hostname;
    }

    private static String terminationPath(Container container) {
        String path = container.getTerminationMessagePath();
        return path == null || path.isEmpty() ? DEFAULT_TERMINATION_PATH : path;
    }

    private static String workingDir(Container container, ContainerImage image) {
        String dir = container.getWorkingDir();
        return dir == null || dir.isEmpty() ? image.workingDir() : dir;
    }
}
