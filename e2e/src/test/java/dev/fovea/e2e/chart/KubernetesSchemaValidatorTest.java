package dev.fovea.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator must reject what the API server rejects, or the chart tests prove nothing. */
class KubernetesSchemaValidatorTest {

    private final KubernetesSchemaValidator validator = new KubernetesSchemaValidator();

    @Test
    void acceptsAWellFormedObject() {
        assertThat(validator.violations(deployment("livenessProbe", "periodSeconds: 10")))
                .isEmpty();
    }

    @Test
    void reportsAMisspelledFieldWithItsPath() {
        assertThat(validator.violations(deployment("livenesProbe", "periodSeconds: 10")))
                .singleElement()
                .asString()
                .contains("containers[0]")
                .contains("livenesProbe");
    }

    @Test
    void reportsAValueOfTheWrongType() {
        assertThat(validator.violations(deployment("livenessProbe", "periodSeconds: [10]")))
                .singleElement()
                .asString()
                .contains("periodSeconds");
    }

    @Test
    void requiresANamespaceOnNamespacedKindsAndAValidName() {
        Map<String, Object> configMap = ChartRenderer.parseDocuments("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: Not_A_Name
                """).getFirst();

        assertThat(validator.violations(configMap))
                .anySatisfy(v -> assertThat(v).contains("DNS-1123"))
                .anySatisfy(v -> assertThat(v).contains("metadata.namespace is required"));
    }

    @Test
    void rejectsKindsWithoutASchema() {
        Map<String, Object> unknown = ChartRenderer.parseDocuments("""
                apiVersion: example.com/v1
                kind: Gadget
                metadata:
                  name: g
                  namespace: n
                """).getFirst();

        assertThat(validator.violations(unknown)).singleElement().asString().contains("No Kubernetes schema");
    }

    private static Map<String, Object> deployment(String probeField, String probeBody) {
        return ChartRenderer.parseDocuments("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: op
                  namespace: ns
                spec:
                  selector:
                    matchLabels: {app: op}
                  template:
                    metadata:
                      labels: {app: op}
                    spec:
                      containers:
                        - name: op
                          image: op:1
                          %s:
                            %s
                """.formatted(probeField, probeBody))
                .getFirst();
    }
}
