package dev.fovea.operator.endpoint;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ObjectNames;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** The metadata every object an endpoint owns starts from: the endpoint's name and namespace and its labels. */
final class ServingMetadata {

    private ServingMetadata() {}

    static ObjectMeta of(ImageClassificationEndpoint endpoint) {
        String name = endpoint.getMetadata().getName();
        return new ObjectMetaBuilder()
                .withName(ObjectNames.endpointObject(name))
                .withNamespace(endpoint.getMetadata().getNamespace())
                .withLabels(ObjectNames.endpointLabels(name))
                .build();
    }
}
