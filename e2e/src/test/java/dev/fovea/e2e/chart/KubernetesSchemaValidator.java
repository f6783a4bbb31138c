package dev.fovea.e2e.chart;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates rendered objects against the Kubernetes API schemas offline, using Fabric8's typed model (generated from
 * those schemas). Fabric8 is lenient: a field it does not know, or a value of the wrong type, lands in an
 * {@code additionalProperties} map instead of failing. This validator converts each object into its typed class and
 * then reports every non-empty {@code additionalProperties} with its path, so a typo such as
 * {@code spec.template.spec.containers[0].livenesProbe} fails the test. It also checks the fields the API server
 * requires of every object: apiVersion, kind, a DNS-1123 name, and a namespace for namespaced kinds.
 */
final class KubernetesSchemaValidator {

    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Set<String> CLUSTER_SCOPED_KINDS =
            Set.of("ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "Namespace");

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** Converts a rendered document into its typed Fabric8 class; fails for kinds Fabric8 has no schema for. */
    HasMetadata toTyped(Map<String, Object> document) {
        String apiVersion = String.valueOf(document.get("apiVersion"));
        String kind = String.valueOf(document.get("kind"));
        Class<? extends KubernetesResource> type = serialization.getRegisteredKubernetesResource(apiVersion, kind);
        if (type == null || type == GenericKubernetesResource.class || !HasMetadata.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("No Kubernetes schema known for " + apiVersion + " " + kind);
        }
        return (HasMetadata) serialization.convertValue(document, type);
    }

    /** Every schema violation of one rendered document, each naming the object and the path; empty when valid. */
    List<String> violations(Map<String, Object> document) {
        List<String> violations = new ArrayList<>();
        HasMetadata typed;
        try {
            typed = toTyped(document);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        String id = typed.getKind() + "/"
                + (typed.getMetadata() == null ? "?" : typed.getMetadata().getName());
        violations.addAll(requiredFieldViolations(typed, id));
        collectUnknownFields(typed, id, violations, new IdentityHashMap<>());
        return violations;
    }

    private static List<String> requiredFieldViolations(HasMetadata typed, String id) {
        List<String> violations = new ArrayList<>();
        if (typed.getMetadata() == null || typed.getMetadata().getName() == null) {
            return List.of(id + ": metadata.name is required");
        }
        String name = typed.getMetadata().getName();
        if (name.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            violations.add(id + ": metadata.name '" + name + "' is not a DNS-1123 subdomain");
        }
        boolean namespaced = !CLUSTER_SCOPED_KINDS.contains(typed.getKind());
        if (namespaced && typed.getMetadata().getNamespace() == null) {
            violations.add(id + ": metadata.namespace is required for a namespaced kind");
        }
        if (!namespaced && typed.getMetadata().getNamespace() != null) {
            violations.add(id + ": metadata.namespace must be absent for a cluster-scoped kind");
        }
        return violations;
    }

    private static void collectUnknownFields(
            Object node, String path, List<String> violations, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", violations, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, violations, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = node.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                    continue;
                }
                Object value = read(field, node);
                if ("additionalProperties".equals(field.getName()) && value instanceof Map<?, ?> extra) {
                    if (!extra.isEmpty()) {
                        violations.add(path + ": unknown or mistyped field(s) " + extra.keySet());
                    }
                } else {
                    collectUnknownFields(value, path + "." + field.getName(), violations, seen);
                }
            }
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
