package dev.fovea.operator.dependent;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** The metadata every object a job owns starts from: its name, the job's namespace and the job's labels. */
final class OwnedMetadata {

    private OwnedMetadata() {}

    static ObjectMeta of(ImageClassificationJob job, String objectName) {
        return new ObjectMetaBuilder()
                .withName(objectName)
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(ObjectNames.labels(job.getMetadata().getName()))
                .build();
    }
}
