package dev.fovea.operator.dependent;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.Ports;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The headless Service {@code <job>-hosts}: it gives host k the DNS name {@code <job>-k.<job>-hosts.<ns>.svc}. Not-ready
 * addresses are published so that peers find each other while they are still starting.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ObjectNames.MANAGED_BY_SELECTOR))
public class HostsServiceDependent extends CRUDKubernetesDependentResource<Service, ImageClassificationJob> {

    @Override
    protected Service desired(ImageClassificationJob job, Context<ImageClassificationJob> context) {
        String name = job.getMetadata().getName();
        return new ServiceBuilder()
                .withMetadata(OwnedMetadata.of(job, ObjectNames.hostsService(name)))
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(ObjectNames.selector(name))
                .addNewPort()
                .withName(Ports.EXCHANGE_NAME)
                .withPort(Ports.EXCHANGE)
                .withNewTargetPort(Ports.EXCHANGE)
                .endPort()
                .addNewPort()
                .withName(Ports.OBSERVE_NAME)
                .withPort(Ports.OBSERVE)
                .withNewTargetPort(Ports.OBSERVE)
                .endPort()
                .endSpec()
                .build();
    }
}
