package dev.fovea.e2e.chart;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/** The value sets the chart is rendered with in the tests; each non-default one is a values file under test resources. */
enum ValueSet {
    /** The chart's own values.yaml: cluster-wide RBAC, one replica, no monitors. */
    DEFAULTS(null),
    /** RBAC limited to two namespaces, ServiceMonitor, PodMonitor and the Grafana dashboard on. */
    NAMESPACED_WITH_MONITORING("chart/values-namespaced-monitoring.yaml"),
    /** Two operator replicas (hence a PodDisruptionBudget) and images from a private registry. */
    HIGH_AVAILABILITY_CUSTOM_IMAGES("chart/values-ha-custom-images.yaml");

    private final String resource;

    ValueSet(String resource) {
        this.resource = resource;
    }

    Optional<Path> valuesFile() {
        if (resource == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Paths.get(
                    ValueSet.class.getClassLoader().getResource(resource).toURI()));
        } catch (Exception e) {
            throw new IllegalStateException("Missing test resource " + resource, e);
        }
    }
}
