package dev.fovea.operator.endpoint;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.ServingMetricNames;
import dev.fovea.api.spec.Autoscaling;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The HorizontalPodAutoscaler (autoscaling/v2) {@code <endpoint>}, only while {@code spec.autoscaling} is set (the
 * workflow deletes it when it is removed): the Deployment between minReplicas and maxReplicas, on requests in flight
 * per pod (a Pods metric, which a custom-metrics adapter serves from the pods' Prometheus gauge) or CPU utilization.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ObjectNames.MANAGED_BY_SELECTOR))
public class ServingAutoscalerDependent
        extends CRUDKubernetesDependentResource<HorizontalPodAutoscaler, ImageClassificationEndpoint> {

    @Override
    protected HorizontalPodAutoscaler desired(
            ImageClassificationEndpoint endpoint, Context<ImageClassificationEndpoint> context) {
        Autoscaling autoscaling = endpoint.getSpec().getAutoscaling();
        if (autoscaling == null) {
            // Asked only to find the autoscaler to delete once autoscaling is removed: its name is enough.
            return new HorizontalPodAutoscalerBuilder()
                    .withMetadata(ServingMetadata.of(endpoint))
                    .build();
        }
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(ServingMetadata.of(endpoint))
                .withNewSpec()
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(ObjectNames.endpointObject(endpoint.getMetadata().getName()))
                .endScaleTargetRef()
                .withMinReplicas(autoscaling.minReplicasOrDefault())
                .withMaxReplicas(autoscaling.getMaxReplicas())
                .withMetrics(metric(autoscaling))
                .endSpec()
                .build();
    }

    private static MetricSpec metric(Autoscaling autoscaling) {
        if (autoscaling.getTargetInFlightRequestsPerPod() != null) {
            return new MetricSpecBuilder()
                    .withType("Pods")
                    .withNewPods()
                    .withNewMetric()
                    .withName(ServingMetricNames.IN_FLIGHT_REQUESTS_PROMETHEUS)
                    .endMetric()
                    .withNewTarget()
                    .withType("AverageValue")
                    .withAverageValue(new Quantity(
                            autoscaling.getTargetInFlightRequestsPerPod().toString()))
                    .endTarget()
                    .endPods()
                    .build();
        }
        return new MetricSpecBuilder()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(autoscaling.getTargetCpuUtilizationPercent())
                .endTarget()
                .endResource()
                .build();
    }

    /** The workflow's precondition: the autoscaler exists only while the endpoint asks for autoscaling. */
    public static class Wanted implements Condition<HorizontalPodAutoscaler, ImageClassificationEndpoint> {
        @Override
        public boolean isMet(
                io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource<
                                HorizontalPodAutoscaler, ImageClassificationEndpoint>
                        dependent,
                ImageClassificationEndpoint endpoint,
                Context<ImageClassificationEndpoint> context) {
            return endpoint.getSpec().getAutoscaling() != null;
        }
    }
}
