package dev.fovea.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.ObjectNames;
import dev.fovea.operator.ImageClassificationJobReconciler;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceSpec;
import io.javaoperatorsdk.operator.api.config.workflow.WorkflowSpec;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator caches only what Fovea made: every informer on an owned type (Secrets, ConfigMaps, Services, Jobs,
 * NetworkPolicies, Pods) selects {@code app.kubernetes.io/managed-by: fovea}, as configured in the running operator.
 */
@QuarkusTest
class OwnedObjectInformersTest {

    @Inject
    Operator operator;

    @Test
    @SuppressWarnings("rawtypes") // JOSDK's WorkflowSpec lists raw DependentResourceSpecs
    void everyDependentsInformerSelectsFoveasLabel() {
        RegisteredController<?> controller = operator.getRegisteredController(ImageClassificationJobReconciler.NAME)
                .orElseThrow();
        WorkflowSpec workflow = controller.getConfiguration().getWorkflowSpec().orElseThrow();
        List<DependentResourceSpec> dependents = workflow.getDependentResourceSpecs();

        assertThat(dependents)
                .extracting(DependentResourceSpec::getName)
                .containsExactlyInAnyOrder("config", "token", "hosts", "exchange-policy", "trainer-job");
        assertThat(dependents)
                .allSatisfy(dependent -> assertThat(((KubernetesDependentResourceConfig<?>)
                                        dependent.getConfiguration().orElseThrow())
                                .informerConfig()
                                .getLabelSelector())
                        .as("the informer of %s", dependent.getName())
                        .isEqualTo(ObjectNames.MANAGED_BY_SELECTOR));
    }

    @Test
    void thePodInformerSelectsFoveasLabel() {
        assertThat(TrainerPods.informerConfiguration().getInformerConfig().getLabelSelector())
                .isEqualTo(ObjectNames.MANAGED_BY_SELECTOR);
    }
}
