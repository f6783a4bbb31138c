package dev.fovea.operator.status;

import dev.fovea.api.ImageClassificationJob;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Kubernetes Events on the job, so that {@code kubectl describe icj} tells what happened and why. */
@ApplicationScoped
public class JobEvents {

    private static final String COMPONENT = "fovea-operator";
    private static final Logger LOG = Logger.getLogger(JobEvents.class);
    private final Clock clock;

    public JobEvents(Clock clock) {
        this.clock = clock;
    }

    public void normal(KubernetesClient client, ImageClassificationJob job, String reason, String message) {
        emit(client, job, "Normal", reason, message);
    }

    public void warning(KubernetesClient client, ImageClassificationJob job, String reason, String message) {
        emit(client, job, "Warning", reason, message);
    }

    private void emit(KubernetesClient client, ImageClassificationJob job, String type, String reason, String message) {
        String now = clock.instant().toString();
        var event = new EventBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "."
                        + UUID.randomUUID().toString().substring(0, 13))
                .withNamespace(job.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(job.getApiVersion())
                        .withKind(job.getKind())
                        .withName(job.getMetadata().getName())
                        .withNamespace(job.getMetadata().getNamespace())
                        .withUid(job.getMetadata().getUid())
                        .withResourceVersion(job.getMetadata().getResourceVersion())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .build();
        try {
            client.v1()
                    .events()
                    .inNamespace(job.getMetadata().getNamespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException e) {
            // An event is a courtesy: losing one must not fail or repeat the reconcile.
            LOG.warnf(
                    "Could not record event %s on %s: %s",
                    reason, job.getMetadata().getName(), e.getMessage());
        }
    }
}
