package dev.fovea.operator.dependent;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.Ports;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The NetworkPolicy {@code <job>-exchange}: only the job's own pods reach the exchange port. The observe port stays
 * open to anyone (the operator reads {@code /progress}, Prometheus scrapes {@code /metrics}); any other ingress to the
 * trainer pods is denied, since a policy that selects a pod denies what it does not allow.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ObjectNames.MANAGED_BY_SELECTOR))
public class ExchangePolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, ImageClassificationJob> {

    @Override
    protected NetworkPolicy desired(ImageClassificationJob job, Context<ImageClassificationJob> context) {
        String name = job.getMetadata().getName();
        return new NetworkPolicyBuilder()
                .withMetadata(OwnedMetadata.of(job, ObjectNames.exchangePolicy(name)))
                .withNewSpec()
                .withNewPodSelector()
                .withMatchLabels(ObjectNames.selector(name))
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom()
                .withNewPodSelector()
                .withMatchLabels(ObjectNames.selector(name))
                .endPodSelector()
                .endFrom()
                .addNewPort()
                .withProtocol("TCP")
                .withPort(new IntOrString(Ports.EXCHANGE))
                .endPort()
                .endIngress()
                .addNewIngress()
                .addNewPort()
                .withProtocol("TCP")
                .withPort(new IntOrString(Ports.OBSERVE))
                .endPort()
                .endIngress()
                .endSpec()
                .build();
    }
}
