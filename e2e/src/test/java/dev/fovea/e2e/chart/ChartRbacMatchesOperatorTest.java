package dev.fovea.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The chart grants every permission Quarkus Operator SDK derives from the operator's code (its dependents and
 * {@code @RBACRule}s). The operator module keeps a committed copy of the generated rules in
 * {@code operator/rbac/cluster-role.yaml}, checked against its Quarkus build by its own {@code GeneratedRbacIT}.
 */
class ChartRbacCoversOperatorTest {

    private static final Path GENERATED = RepositoryPaths.resolve("operator/rbac/cluster-role.yaml");
    /** QOSDK grants create on the primary resource by default; the operator never creates jobs, so the chart doesn't. */
    private static final String UNUSED_DEFAULT = "fovea.dev/imageclassificationjobs:create";
    /**
     * QOSDK lists the primary's subresources with the primary's verbs; the API server serves only these on them
     * (status: read and write; finalizers: update), so only these can matter.
     */
    private static final Set<String> SUBRESOURCE_VERBS = Set.of(
            "fovea.dev/imageclassificationjobs/status:get", "fovea.dev/imageclassificationjobs/status:patch",
            "fovea.dev/imageclassificationjobs/status:update", "fovea.dev/imageclassificationjobs/finalizers:update");

    @Test
    void everyGeneratedPermissionIsGrantedByTheChart() throws IOException {
        List<HasMetadata> generated =
                RenderedObjects.of(ChartRenderer.parseDocuments(Files.readString(GENERATED))).objects().stream()
                        .filter(o -> o instanceof ClusterRole || o instanceof Role)
                        .toList();
        RenderedObjects chart = RenderedObjects.of(new ChartRenderer().render(ValueSet.NAMESPACED_WITH_MONITORING));
        Set<String> granted = new TreeSet<>();
        chart.all(Role.class).forEach(role -> granted.addAll(permissions(role.getRules())));

        Set<String> required = new TreeSet<>();
        generated.forEach(role -> required.addAll(permissions(rules(role))));
        required.remove(UNUSED_DEFAULT);
        required.removeIf(p -> p.contains("imageclassificationjobs/") && !SUBRESOURCE_VERBS.contains(p));

        assertThat(required).isNotEmpty();
        assertThat(granted).containsAll(required);
    }

    private static List<PolicyRule> rules(HasMetadata role) {
        return role instanceof ClusterRole cluster ? cluster.getRules() : ((Role) role).getRules();
    }

    /** Each rule as "group/resource:verb" triples. */
    private static List<String> permissions(List<PolicyRule> rules) {
        List<String> permissions = new ArrayList<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    rule.getVerbs().forEach(verb -> permissions.add(group + "/" + resource + ":" + verb));
                }
            }
        }
        return permissions;
    }
}
