package dev.fovea.operator.endpoint;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ObjectNames;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The PodDisruptionBudget {@code <endpoint>}: voluntary evictions (node drains, cluster upgrades) take at most one
 * serving pod at a time. maxUnavailable 1 rather than minAvailable 1: it holds for any replica count, the
 * autoscaler's included, and a single replica can still be drained — minAvailable 1 on one replica would block every
 * drain of its node until someone deletes the budget.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ObjectNames.MANAGED_BY_SELECTOR))
public class ServingDisruptionBudgetDependent
        extends CRUDKubernetesDependentResource<PodDisruptionBudget, ImageClassificationEndpoint> {

    @Override
    protected PodDisruptionBudget desired(
            ImageClassificationEndpoint endpoint, Context<ImageClassificationEndpoint> context) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(ServingMetadata.of(endpoint))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector()
                .withMatchLabels(
                        ObjectNames.endpointLabels(endpoint.getMetadata().getName()))
                .endSelector()
                .endSpec()
                .build();
    }
}
