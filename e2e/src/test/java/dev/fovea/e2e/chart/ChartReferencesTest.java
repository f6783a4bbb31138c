package dev.fovea.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the schema cannot see: every name one rendered object points at is rendered too, and every selector selects
 * the operator's pods. A dangling reference installs fine and fails only at run time.
 */
class ChartReferencesTest {

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void bindingsPointAtRenderedRolesAndServiceAccounts(ValueSet values) {
        RenderedObjects objects = render(values);

        assertThat(objects.all(RoleBinding.class)).isNotEmpty().allSatisfy(binding -> {
            assertThat(objects.find(
                            Role.class,
                            binding.getMetadata().getNamespace(),
                            binding.getRoleRef().getName()))
                    .as(
                            "Role of RoleBinding %s/%s",
                            binding.getMetadata().getNamespace(),
                            binding.getMetadata().getName())
                    .isPresent();
            binding.getSubjects().forEach(subject -> assertRendered(objects, subject));
        });
        objects.all(ClusterRoleBinding.class).forEach(binding -> {
            assertThat(objects.find(
                            ClusterRole.class, null, binding.getRoleRef().getName()))
                    .isPresent();
            binding.getSubjects().forEach(subject -> assertRendered(objects, subject));
        });
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void selectorsSelectTheOperatorPods(ValueSet values) {
        RenderedObjects objects = render(values);
        Deployment deployment = objects.only(Deployment.class);
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();

        assertThat(podLabels)
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(podLabels)
                .containsAllEntriesOf(objects.only(Service.class).getSpec().getSelector());
        objects.all(PodDisruptionBudget.class)
                .forEach(budget -> assertThat(podLabels)
                        .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels()));
        String serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertThat(objects.find(ServiceAccount.class, ChartRenderer.NAMESPACE, serviceAccount))
                .isPresent();
    }

    private static void assertRendered(RenderedObjects objects, Subject subject) {
        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
        assertThat(objects.find(ServiceAccount.class, subject.getNamespace(), subject.getName()))
                .as("ServiceAccount %s/%s", subject.getNamespace(), subject.getName())
                .isPresent();
    }

    private static RenderedObjects render(ValueSet values) {
        return RenderedObjects.of(new ChartRenderer().render(values));
    }
}
