package dev.fovea.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reads the RBAC that QOSDK generated at package time — one ClusterRole per controller — and checks each grants
 * exactly what its controller uses — no wildcard, nothing missing, nothing more — and that the committed copies in
 * {@code operator/rbac/} (what the chart templates) are current.
 */
class GeneratedRbacIT {

    private static final Path GENERATED = Path.of("target", "kubernetes", "kubernetes.json");
    private static final Path COMMITTED = Path.of("rbac", "cluster-role.yaml");
    private static final String DEPENDENT_VERBS = "create delete get list patch update watch";

    enum Controller {
        JOBS(
                "imageclassificationjob-cluster-role",
                "fovea-operator",
                "fovea.dev/imageclassificationjobs",
                // group/resource → verbs, from what the code calls (informers list/watch, dependents write,
                // lifecycle deletes).
                grants(
                        "fovea.dev/imageclassificationjobs: get list watch delete",
                        "fovea.dev/imageclassificationjobs/status: update",
                        "/configmaps: " + DEPENDENT_VERBS,
                        "/services: " + DEPENDENT_VERBS,
                        "networking.k8s.io/networkpolicies: " + DEPENDENT_VERBS,
                        "batch/jobs: " + DEPENDENT_VERBS,
                        "/secrets: create delete get list watch",
                        "/pods: get list watch patch deletecollection",
                        "/events: create",
                        "scheduling.volcano.sh/podgroups: get create update",
                        "coordination.k8s.io/leases: get create update")),
        ENDPOINTS(
                "imageclassificationendpoint-cluster-role",
                "fovea-operator-endpoints",
                "fovea.dev/imageclassificationendpoints",
                grants(
                        "fovea.dev/imageclassificationendpoints: get list watch",
                        "fovea.dev/imageclassificationendpoints/status: update",
                        "apps/deployments: " + DEPENDENT_VERBS,
                        "/services: " + DEPENDENT_VERBS,
                        "policy/poddisruptionbudgets: " + DEPENDENT_VERBS,
                        "autoscaling/horizontalpodautoscalers: " + DEPENDENT_VERBS,
                        "fovea.dev/imageclassificationjobs: get list watch",
                        "/events: create"));

        final String generatedRole;
        final String committedRole;
        final String primary;
        final Set<String> used;

        Controller(String generatedRole, String committedRole, String primary, Set<String> used) {
            this.generatedRole = generatedRole;
            this.committedRole = committedRole;
            this.primary = primary;
            this.used = used;
        }

        /** QOSDK always grants these on the primary resource; listed so that any other extra grant fails the test. */
        Set<String> qosdkPrimaryExtras() {
            return grants(
                    primary + ": create patch update delete",
                    primary + "/status: get list watch patch create delete",
                    primary + "/finalizers: get list watch patch update create delete");
        }
    }

    @ParameterizedTest
    @EnumSource(Controller.class)
    void generatedClusterRoleGrantsExactlyWhatTheOperatorUses(Controller controller) throws IOException {
        JsonNode role = generatedRole(controller.generatedRole);
        Set<String> granted = new TreeSet<>();
        for (JsonNode rule : role.get("rules")) {
            for (JsonNode group : rule.get("apiGroups")) {
                for (JsonNode resource : rule.get("resources")) {
                    for (JsonNode verb : rule.get("verbs")) {
                        granted.add(group.asText() + "/" + resource.asText() + ":" + verb.asText());
                    }
                }
            }
        }
        assertThat(granted).noneMatch(grant -> grant.contains("*"));
        assertThat(granted).containsAll(controller.used);
        Set<String> extra = new TreeSet<>(granted);
        extra.removeAll(controller.used);
        assertThat(extra).isSubsetOf(controller.qosdkPrimaryExtras());
    }

    @ParameterizedTest
    @EnumSource(Controller.class)
    void committedCopyMatchesTheGeneratedRole(Controller controller) throws IOException {
        JsonNode committed = committedRoles().stream()
                .filter(role -> controller.committedRole.equals(
                        role.get("metadata").get("name").asText()))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no ClusterRole " + controller.committedRole + " in " + COMMITTED));
        assertThat(committed.get("rules"))
                .isEqualTo(generatedRole(controller.generatedRole).get("rules"));
    }

    private static List<JsonNode> committedRoles() throws IOException {
        List<JsonNode> roles = new ArrayList<>();
        try (var documents = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(COMMITTED.toFile())) {
            documents.forEachRemaining(roles::add);
        }
        return roles;
    }

    private static JsonNode generatedRole(String name) throws IOException {
        for (JsonNode object : new ObjectMapper().readTree(GENERATED.toFile())) {
            if ("ClusterRole".equals(object.get("kind").asText())
                    && name.equals(object.get("metadata").get("name").asText())) {
                return object;
            }
        }
        throw new AssertionError("no ClusterRole " + name + " in " + GENERATED);
    }

    private static Set<String> grants(String... lines) {
        Set<String> grants = new TreeSet<>();
        for (String line : lines) {
            String[] parts = line.split(": ");
            Arrays.stream(parts[1].split(" ")).forEach(verb -> grants.add(parts[0] + ":" + verb));
        }
        return grants;
    }
}
