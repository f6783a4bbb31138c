package dev.fovea.e2e.agent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's volumes as local folders, and its container's mounts resolved to them: PVC claims are shared folders (the
 * fixture claims, else scratch ones), emptyDirs are fresh per pod, ConfigMaps and Secrets are written out as files
 * (host DNS names rewritten to loopback). A {@link PodRuntime} then mounts them into the container its own way.
 */
final class PodFilesystem {

    private final KubernetesClient client;
    private final Path fixtureVolumes;
    private final Path scratchClaims;
    private final LoopbackAddresses addresses;

    /**
     * @param fixtureVolumes claims shipped with the repository ({@code examples/volumes/<claim>})
     * @param scratchClaims where every other claim (checkpoints, models) lives for the agent's lifetime
     */
    PodFilesystem(KubernetesClient client, Path fixtureVolumes, Path scratchClaims, LoopbackAddresses addresses) {
        this.client = client;
        this.fixtureVolumes = fixtureVolumes;
        this.scratchClaims = scratchClaims;
        this.addresses = addresses;
    }

    /**
     * The container's mounts, each resolved to a local file or folder: the pod's volumes made under
     * {@code podDirectory/volumes} (claims shared), {@code subPath} and {@code subPathExpr} applied ({@code environment}
     * expands the latter as the kubelet does). Local folders are world-writable where the pod may write to them, as the
     * kubelet makes emptyDirs, so that a container running as another user can.
     */
    List<PodMount> mounts(Pod pod, Container container, Path podDirectory, Map<String, String> environment) {
        try {
            Map<String, Path> volumes = new HashMap<>();
            for (Volume volume : pod.getSpec().getVolumes()) {
                volumes.put(
                        volume.getName(),
                        materialise(
                                pod.getMetadata().getNamespace(),
                                volume,
                                podDirectory.resolve("volumes").resolve(volume.getName())));
            }
            List<PodMount> mounts = new ArrayList<>();
            for (VolumeMount mount : container.getVolumeMounts()) {
                Path source = volumes.get(mount.getName());
                String subPath = subPathOf(mount, environment);
                if (!subPath.isEmpty()) {
                    source = source.resolve(subPath);
                    if (!Files.exists(source)) {
                        shareable(Files.createDirectories(source));
                    }
                }
                mounts.add(new PodMount(
                        source.toAbsolutePath(), mount.getMountPath(), Boolean.TRUE.equals(mount.getReadOnly())));
            }
            return mounts;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot lay out the mounts of pod " + pod.getMetadata().getName(), e);
        }
    }

    /** The mounts as symlinks under {@code root}, a local folder that stands for the container's {@code /}. */
    static Path linkUnder(Path root, List<PodMount> mounts) {
        try {
            List<PodMount> outerFirst = mounts.stream()
                    .sorted(Comparator.comparingInt(mount -> mount.target().length()))
                    .toList();
            for (PodMount mount : outerFirst) {
                Path target = root.resolve(mount.target().substring(1));
                Files.createDirectories(target.getParent());
                Files.createSymbolicLink(target, mount.source());
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link the mounts under " + root, e);
        }
    }

    private static String subPathOf(VolumeMount mount, Map<String, String> environment) {
        if (mount.getSubPathExpr() != null && !mount.getSubPathExpr().isEmpty()) {
            String expanded = mount.getSubPathExpr();
            for (Map.Entry<String, String> variable : environment.entrySet()) {
                expanded = expanded.replace("$(" + variable.getKey() + ")", variable.getValue());
            }
            return expanded;
        }
        return mount.getSubPath() == null ? "" : mount.getSubPath();
    }

    private Path materialise(String namespace, Volume volume, Path own) throws IOException {
        if (volume.getPersistentVolumeClaim() != null) {
            String claim = volume.getPersistentVolumeClaim().getClaimName();
            Path fixture = fixtureVolumes.resolve(claim);
            return Files.isDirectory(fixture)
                    ? fixture
                    : shareable(Files.createDirectories(scratchClaims.resolve(claim)));
        }
        shareable(Files.createDirectories(own));
        if (volume.getConfigMap() != null) {
            ConfigMap map = client.configMaps()
                    .inNamespace(namespace)
                    .withName(volume.getConfigMap().getName())
                    .get();
            Map<String, byte[]> files = new HashMap<>();
            if (map != null && map.getData() != null) {
                map.getData().forEach((key, value) -> files.put(key, value.getBytes(StandardCharsets.UTF_8)));
            }
            write(own, files, volume.getConfigMap().getItems());
        } else if (volume.getSecret() != null) {
            Secret secret = client.secrets()
                    .inNamespace(namespace)
                    .withName(volume.getSecret().getSecretName())
                    .get();
            Map<String, byte[]> files = new HashMap<>();
            if (secret != null && secret.getData() != null) {
                secret.getData()
                        .forEach((key, value) ->
                                files.put(key, Base64.getDecoder().decode(value)));
            }
            if (secret != null && secret.getStringData() != null) {
                secret.getStringData().forEach((key, value) -> files.put(key, value.getBytes(StandardCharsets.UTF_8)));
            }
            write(own, files, volume.getSecret().getItems());
        }
        // emptyDir and anything else: a fresh folder of this pod's own
        return own;
    }

    /** rwx for everyone, as the kubelet makes an emptyDir. */
    private static Path shareable(Path folder) throws IOException {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        return folder;
    }

    private void write(Path folder, Map<String, byte[]> files, List<KeyToPath> items) throws IOException {
        Map<String, String> paths = new HashMap<>();
        if (items == null || items.isEmpty()) {
            files.keySet().forEach(key -> paths.put(key, key));
        } else {
            items.forEach(item -> paths.put(item.getKey(), item.getPath()));
        }
        for (Map.Entry<String, String> entry : paths.entrySet()) {
            byte[] content = files.get(entry.getKey());
            if (content == null) {
                continue;
            }
            Path file = folder.resolve(entry.getValue());
            Files.createDirectories(file.getParent());
            String text = new String(content, StandardCharsets.UTF_8);
            Files.writeString(file, addresses.rewrite(text), StandardCharsets.UTF_8);
        }
    }
}
