package dev.fovea.e2e.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The typed objects of one {@code helm template} run, with look-ups by kind and name. */
record RenderedObjects(List<HasMetadata> objects) {

    static RenderedObjects of(List<Map<String, Object>> documents) {
        KubernetesSchemaValidator validator = new KubernetesSchemaValidator();
        return new RenderedObjects(documents.stream().map(validator::toTyped).toList());
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("Expected one " + type.getSimpleName() + " but rendered " + found.size());
        }
        return found.getFirst();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
        return all(type).stream()
                .filter(o -> name.equals(o.getMetadata().getName()))
                .filter(o ->
                        namespace == null || namespace.equals(o.getMetadata().getNamespace()))
                .findFirst();
    }
}
