package dev.fovea.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Reads the RBAC that QOSDK generated at package time and checks it grants exactly what the operator uses — no
 * wildcard, nothing missing, nothing more — and that the committed copy in {@code operator/rbac/} (what the chart
 * templates) is current.
 */
class GeneratedRbacIT {

    private static final Path GENERATED = Path.of("target", "kubernetes", "kubernetes.json");
    private static final Path COMMITTED = Path.of("rbac", "cluster-role.yaml");
    private static final String ROLE = "imageclassificationjob-cluster-role";
    private static final String DEPENDENT_VERBS = "create delete get list patch update watch";

    /** group/resource → verbs, from what the code calls (informers list/watch, dependents write, lifecycle deletes). */
    private static final Set<String> USED = grants(
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
            "coordination.k8s.io/leases: get create update");

    /** QOSDK always grants these on the primary resource; listed so that any other extra grant fails this test. */
    private static final Set<String> QOSDK_PRIMARY_EXTRAS = grants(
            "fovea.dev/imageclassificationjobs: create patch update",
            "fovea.dev/imageclassificationjobs/status: get list watch patch create delete",
            "fovea.dev/imageclassificationjobs/finalizers: get list watch patch update create delete");

    @Test
    void generatedClusterRoleGrantsExactlyWhatTheOperatorUses() throws IOException {
        JsonNode role = generatedRole();
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
        assertThat(granted).containsAll(USED);
        Set<String> extra = new TreeSet<>(granted);
        extra.removeAll(USED);
        assertThat(extra).isSubsetOf(QOSDK_PRIMARY_EXTRAS);
    }

    @Test
    void committedCopyMatchesTheGeneratedRole() throws IOException {
        JsonNode committed = new YAMLMapper().readTree(Files.readString(COMMITTED));
        assertThat(committed.get("rules")).isEqualTo(generatedRole().get("rules"));
    }

    private static JsonNode generatedRole() throws IOException {
        for (JsonNode object : new ObjectMapper().readTree(GENERATED.toFile())) {
            if ("ClusterRole".equals(object.get("kind").asText())
                    && ROLE.equals(object.get("metadata").get("name").asText())) {
                return object;
            }
        }
        throw new AssertionError("no ClusterRole " + ROLE + " in " + GENERATED);
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
