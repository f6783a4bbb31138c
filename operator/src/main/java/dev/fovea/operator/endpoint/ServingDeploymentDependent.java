package dev.fovea.operator.endpoint;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ObjectNames;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The Deployment {@code <endpoint>} of serving pods ({@link ServingPodTemplate}). A rollout never takes a ready pod
 * away before its replacement answers /ping (maxUnavailable 0). With autoscaling the HorizontalPodAutoscaler owns the
 * replica count: the desired state keeps the one in force and starts at minReplicas.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ObjectNames.MANAGED_BY_SELECTOR))
public class ServingDeploymentDependent
        extends CRUDKubernetesDependentResource<Deployment, ImageClassificationEndpoint> {

    @Override
    protected Deployment desired(ImageClassificationEndpoint endpoint, Context<ImageClassificationEndpoint> context) {
        return new DeploymentBuilder()
                .withMetadata(ServingMetadata.of(endpoint))
                .withNewSpec()
                .withReplicas(replicas(endpoint, context))
                .withNewSelector()
                .withMatchLabels(
                        ObjectNames.endpointLabels(endpoint.getMetadata().getName()))
                .endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0))
                .withMaxSurge(new IntOrString(1))
                .endRollingUpdate()
                .endStrategy()
                .withTemplate(ServingPodTemplate.build(endpoint, ServingSettings.from(context)))
                .endSpec()
                .build();
    }

    private static int replicas(ImageClassificationEndpoint endpoint, Context<ImageClassificationEndpoint> context) {
        if (endpoint.getSpec().getAutoscaling() == null) {
            return endpoint.getSpec().initialReplicas();
        }
        return context.getSecondaryResource(Deployment.class)
                .map(current -> current.getSpec().getReplicas())
                .orElse(endpoint.getSpec().initialReplicas());
    }
}
