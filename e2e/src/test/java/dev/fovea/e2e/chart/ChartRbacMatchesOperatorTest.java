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
 * The chart grants the operator exactly what its code calls, as Quarkus Operator SDK derives it from the code (the
 * dependents' types and the {@code @RBACRule}s; committed in {@code operator/rbac/cluster-role.yaml}, which the
 * operator module's {@code GeneratedRbacIT} keeps equal to the build's): nothing missing, nothing more. The only
 * difference is QOSDK's blanket grant on the primary resource, of which the operator uses a few verbs.
 */
class ChartRbacMatchesOperatorTest {

    private static final Path GENERATED = RepositoryPaths.resolve("operator/rbac/cluster-role.yaml");
    private static final String JOBS = "fovea.dev/imageclassificationjobs";
    /**
     * What the operator does with ImageClassificationJobs out of all QOSDK grants on them: it watches them, deletes
     * finished ones past their TTL, writes their status with a PUT, and sets owner references that block their
     * deletion (which needs {@code update} on {@code /finalizers} where OwnerReferencesPermissionEnforcement is on).
     */
    private static final Set<String> PRIMARY_USES = Set.of(
            JOBS + ":get",
            JOBS + ":list",
            JOBS + ":watch",
            JOBS + ":delete",
            JOBS + "/status:update",
            JOBS + "/finalizers:update");

    private static final String ENDPOINTS = "fovea.dev/imageclassificationendpoints";
    /**
     * What the operator does with ImageClassificationEndpoints out of all QOSDK grants on them: it watches them, writes
     * their status with a PUT and sets owner references that block their deletion; it never deletes them.
     */
    private static final Set<String> ENDPOINT_USES = Set.of(
            ENDPOINTS + ":get",
            ENDPOINTS + ":list",
            ENDPOINTS + ":watch",
            ENDPOINTS + "/status:update",
            ENDPOINTS + "/finalizers:update");
    /** The chart leaves these out unless {@code rbac.volcanoPodGroups} is set. */
    private static final String VOLCANO = "scheduling.volcano.sh/podgroups:";

    @Test
    void withVolcanoTheChartGrantsExactlyWhatTheCodeUses() throws IOException {
        assertThat(operatorGrants(ValueSet.NAMESPACED_WITH_MONITORING)).isEqualTo(usedByTheCode());
    }

    @Test
    void withoutVolcanoTheChartGrantsTheSameLessPodGroups() throws IOException {
        Set<String> expected = usedByTheCode();
        expected.removeIf(grant -> grant.startsWith(VOLCANO));

        assertThat(operatorGrants(ValueSet.DEFAULTS)).isEqualTo(expected);
    }

    /** The generated rules, with QOSDK's grants on the primary narrowed to those the operator uses. */
    private static Set<String> usedByTheCode() throws IOException {
        Set<String> used = new TreeSet<>();
        RenderedObjects.of(ChartRenderer.parseDocuments(Files.readString(GENERATED))).objects().stream()
                .map(ChartRbacMatchesOperatorTest::rules)
                .forEach(rules -> used.addAll(permissions(rules)));
        assertThat(used).containsAll(PRIMARY_USES);
        assertThat(used).containsAll(ENDPOINT_USES);
        used.removeIf(grant -> grant.startsWith(JOBS) && !PRIMARY_USES.contains(grant));
        used.removeIf(grant -> grant.startsWith(ENDPOINTS) && !ENDPOINT_USES.contains(grant));
        return used;
    }

    /** Every rule of the Roles and ClusterRoles the chart binds to the operator (not the aggregated user roles). */
    private static Set<String> operatorGrants(ValueSet values) {
        Set<String> granted = new TreeSet<>();
        RenderedObjects.of(new ChartRenderer().render(values)).objects().stream()
                .filter(object -> object instanceof Role || object instanceof ClusterRole)
                .filter(role -> role.getMetadata().getName().startsWith("fovea-operator"))
                .forEach(role -> granted.addAll(permissions(rules(role))));
        return granted;
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
