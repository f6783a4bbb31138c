package dev.fovea.operator.endpoint;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.Ports;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The ClusterIP Service {@code <endpoint>}: port 8080, named http, to the ready serving pods. */
@KubernetesDependent(informer = @Informer(labelSelector = ObjectNames.MANAGED_BY_SELECTOR))
public class ServingServiceDependent extends CRUDKubernetesDependentResource<Service, ImageClassificationEndpoint> {

    @Override
    protected Service desired(ImageClassificationEndpoint endpoint, Context<ImageClassificationEndpoint> context) {
        return new ServiceBuilder()
                .withMetadata(ServingMetadata.of(endpoint))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(ObjectNames.endpointLabels(endpoint.getMetadata().getName()))
                .addNewPort()
                .withName(Ports.INFERENCE_NAME)
                .withPort(Ports.INFERENCE)
                .withTargetPort(new IntOrString(Ports.INFERENCE_NAME))
                .endPort()
                .endSpec()
                .build();
    }
}
