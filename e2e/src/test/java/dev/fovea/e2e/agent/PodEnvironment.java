package dev.fovea.e2e.agent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A container's environment as the kubelet would resolve it: literals, ConfigMap and Secret keys, pod fields. */
final class PodEnvironment {

    private static final Pattern MAP_FIELD = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)']");

    private final KubernetesClient client;
    private final LoopbackAddresses addresses;

    PodEnvironment(KubernetesClient client, LoopbackAddresses addresses) {
        this.client = client;
        this.addresses = addresses;
    }

    Map<String, String> resolve(Pod pod, Container container) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            String value =
                    variable.getValueFrom() == null ? variable.getValue() : valueOf(pod, variable.getValueFrom());
            if (value != null) {
                environment.put(variable.getName(), addresses.rewrite(value));
            }
        }
        return environment;
    }

    private String valueOf(Pod pod, EnvVarSource source) {
        String namespace = pod.getMetadata().getNamespace();
        if (source.getSecretKeyRef() != null) {
            Secret secret = client.secrets()
                    .inNamespace(namespace)
                    .withName(source.getSecretKeyRef().getName())
                    .get();
            String key = source.getSecretKeyRef().getKey();
            if (secret == null) {
                return null;
            }
            if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
                return secret.getStringData().get(key);
            }
            String encoded = secret.getData() == null ? null : secret.getData().get(key);
            return encoded == null ? null : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        }
        if (source.getConfigMapKeyRef() != null) {
            ConfigMap map = client.configMaps()
                    .inNamespace(namespace)
                    .withName(source.getConfigMapKeyRef().getName())
                    .get();
            return map == null || map.getData() == null
                    ? null
                    : map.getData().get(source.getConfigMapKeyRef().getKey());
        }
        if (source.getFieldRef() != null) {
            return fieldOf(pod, source.getFieldRef().getFieldPath());
        }
        return null;
    }

    private static String fieldOf(Pod pod, String path) {
        switch (path) {
            case "metadata.name" -> {
                return pod.getMetadata().getName();
            }
            case "metadata.namespace" -> {
                return pod.getMetadata().getNamespace();
            }
            case "status.podIP", "status.hostIP" -> {
                return "127.0.0.1";
            }
            default -> {
                Matcher matcher = MAP_FIELD.matcher(path);
                if (!matcher.matches()) {
                    throw new IllegalArgumentException("the local agent cannot resolve fieldRef " + path);
                }
                Map<String, String> values = matcher.group(1).equals("labels")
                        ? pod.getMetadata().getLabels()
                        : pod.getMetadata().getAnnotations();
                return values == null ? null : values.get(matcher.group(2));
            }
        }
    }
}
