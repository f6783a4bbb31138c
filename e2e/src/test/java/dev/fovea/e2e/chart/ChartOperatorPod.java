package dev.fovea.e2e.chart;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.UUID;

/** The operator pod the chart's Deployment makes with its default values, as the ReplicaSet controller would. */
public final class ChartOperatorPod {

    private ChartOperatorPod() {}

    public static Pod render() {
        Deployment deployment = RenderedObjects.of(new ChartRenderer().render(ValueSet.DEFAULTS))
                .only(Deployment.class);
        return new PodBuilder()
                .withNewMetadataLike(deployment.getSpec().getTemplate().getMetadata())
                .withName(deployment.getMetadata().getName() + "-0")
                .withNamespace(deployment.getMetadata().getNamespace())
                .withUid(UUID.randomUUID().toString())
                .endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .build();
    }
}
