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
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's volumes as local folders, and its container's mounts as symlinks under a local root that stands for
 * {@code /}: PVC claims are shared folders (the repository's fixtures, else scratch ones), emptyDirs are
 * fresh per pod, ConfigMaps and Secrets are written out as files (host DNS names rewritten to loopback).
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
     * Lays the container's mounts out under {@code podDirectory/root}; returns that root. {@code environment} expands
     * {@code subPathExpr} as the kubelet does.
     */
    Path mount(Pod pod, Container container, Path podDirectory, Map<String, String> environment) {
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
            Path root = podDirectory.resolve("root");
            List<VolumeMount> mounts = container.getVolumeMounts().stream()
                    .sorted(Comparator.comparingInt(
                            mount -> mount.getMountPath().length()))
                    .toList();
            for (VolumeMount mount : mounts) {
                Path source = volumes.get(mount.getName());
                String subPath = subPathOf(mount, environment);
                if (!subPath.isEmpty()) {
                    source = source.resolve(subPath);
                    if (!Files.exists(source)) {
                        Files.createDirectories(source);
                    }
                }
                Path target = root.resolve(mount.getMountPath().substring(1));
                Files.createDirectories(target.getParent());
                Files.createSymbolicLink(target, source.toAbsolutePath());
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot lay out the mounts of pod " + pod.getMetadata().getName(), e);
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
            return Files.isDirectory(fixture) ? fixture : Files.createDirectories(scratchClaims.resolve(claim));
        }
        Files.createDirectories(own);
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
