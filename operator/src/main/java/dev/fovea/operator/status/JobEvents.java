package dev.fovea.operator.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events on a job or an endpoint, so that {@code kubectl describe icj} (or {@code ice}) tells what happened
 * and why.
 */
@ApplicationScoped
public class JobEvents {

    private static final String COMPONENT = "fovea-operator";
    private static final Logger LOG = Logger.getLogger(JobEvents.class);
    private final Clock clock;

    public JobEvents(Clock clock) {
        this.clock = clock;
    }

    public void normal(KubernetesClient client, HasMetadata owner, String reason, String message) {
        emit(client, owner, "Normal", reason, message);
    }

    public void warning(KubernetesClient client, HasMetadata owner, String reason, String message) {
        emit(client, owner, "Warning", reason, message);
    }

    private void emit(KubernetesClient client, HasMetadata owner, String type, String reason, String message) {
        String now = clock.instant().toString();
        var event = new EventBuilder()
                .withNewMetadata()
                .withName(owner.getMetadata().getName() + "."
                        + UUID.randomUUID().toString().substring(0, 13))
                .withNamespace(owner.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(owner.getApiVersion())
                        .withKind(owner.getKind())
                        .withName(owner.getMetadata().getName())
                        .withNamespace(owner.getMetadata().getNamespace())
                        .withUid(owner.getMetadata().getUid())
                        .withResourceVersion(owner.getMetadata().getResourceVersion())
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
                    .inNamespace(owner.getMetadata().getNamespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException e) {
            // An event is a courtesy: losing one must not fail or repeat the reconcile.
            LOG.warnf(
                    "Could not record event %s on %s: %s",
                    reason, owner.getMetadata().getName(), e.getMessage());
        }
    }
}
