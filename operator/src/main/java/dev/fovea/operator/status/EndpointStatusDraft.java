package dev.fovea.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.Ports;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ConditionType;
import dev.fovea.api.status.EndpointPhase;
import dev.fovea.api.status.ImageClassificationEndpointStatus;
import dev.fovea.api.status.ServedModel;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The status one reconcile of an endpoint wants, built on a copy of its status and handed to
 * {@link EndpointStatusRecorder}, which alone writes it. The phase follows from what the draft was told: a spec or
 * model problem the user must fix is Failed; otherwise the replicas decide (none ready: Pending, all: Ready, some:
 * Degraded). The model served stays in the status while a new one is not resolved, since the pods still serve it.
 */
public final class EndpointStatusDraft {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageClassificationEndpointStatus status;
    private final long generation;
    private final Instant now;
    private boolean failed;

    private EndpointStatusDraft(ImageClassificationEndpointStatus status, long generation, Instant now) {
        this.status = status;
        this.generation = generation;
        this.now = now;
    }

    public static EndpointStatusDraft of(ImageClassificationEndpoint endpoint, Clock clock) {
        ImageClassificationEndpointStatus copy = endpoint.getStatus() == null
                ? new ImageClassificationEndpointStatus()
                : JSON.convertValue(JSON.valueToTree(endpoint.getStatus()), ImageClassificationEndpointStatus.class);
        EndpointStatusDraft draft =
                new EndpointStatusDraft(copy, endpoint.getMetadata().getGeneration(), clock.instant());
        copy.setUrl("http://"
                + ObjectNames.endpointHost(
                        endpoint.getMetadata().getName(), endpoint.getMetadata().getNamespace())
                + ":" + Ports.INFERENCE);
        return draft;
    }

    public Instant now() {
        return now;
    }

    /** The spec breaks rules: nothing is rolled out until it is fixed; the message lists every violation. */
    public EndpointStatusDraft invalidSpec(String message) {
        failed = true;
        set(ConditionType.ModelResolved, ConditionList.FALSE, ConditionReason.InvalidSpec, message);
        return this;
    }

    /** The model is at {@code model}; the status shows it from now on. */
    public EndpointStatusDraft modelResolved(ServedModel model) {
        status.setModel(model);
        set(ConditionType.ModelResolved, ConditionList.TRUE, ConditionReason.ModelFound, "Serving " + model.getUri());
        return this;
    }

    /**
     * The model's source is gone but the model the status names is still served (and spec changes still rolled out):
     * the condition says so, with {@code reason} and {@code message}, and the status keeps naming the model.
     */
    public EndpointStatusDraft modelKept(ConditionReason reason, String message) {
        set(ConditionType.ModelResolved, ConditionList.TRUE, reason, message);
        return this;
    }

    /**
     * There is no model to roll out; with {@code waiting} it may still come (Pending), otherwise the user must act
     * (Failed).
     */
    public EndpointStatusDraft modelUnresolved(ConditionReason reason, boolean waiting, String message) {
        failed |= !waiting;
        set(ConditionType.ModelResolved, ConditionList.FALSE, reason, message);
        return this;
    }

    /** The Deployment's replicas: {@code wanted} by its spec, {@code ready} answering /ping. */
    public EndpointStatusDraft replicas(int wanted, int ready) {
        status.setReplicas(wanted);
        status.setReadyReplicas(ready);
        if (ready >= wanted) {
            set(
                    ConditionType.Ready,
                    ConditionList.TRUE,
                    ConditionReason.ReplicasReady,
                    ready + " of " + wanted + " replicas are ready");
        } else {
            set(
                    ConditionType.Ready,
                    ConditionList.FALSE,
                    ConditionReason.ReplicasNotReady,
                    ready + " of " + wanted + " replicas are ready");
        }
        return this;
    }

    /** The status to write, its phase decided and stamped with this draft's generation. */
    public ImageClassificationEndpointStatus build() {
        status.setPhase(phase());
        status.setObservedGeneration(generation);
        return status;
    }

    private EndpointPhase phase() {
        if (failed) {
            return EndpointPhase.Failed;
        }
        int ready = status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
        int wanted = status.getReplicas() == null ? 0 : status.getReplicas();
        if (status.getReplicas() == null || (ready == 0 && wanted > 0)) {
            return EndpointPhase.Pending;
        }
        return ready >= wanted ? EndpointPhase.Ready : EndpointPhase.Degraded;
    }

    static Optional<Condition> condition(ImageClassificationEndpointStatus status, ConditionType type) {
        return status == null ? Optional.empty() : ConditionList.find(status.getConditions(), type);
    }

    private void set(ConditionType type, String conditionStatus, ConditionReason reason, String message) {
        ConditionList.set(status.getConditions(), type, conditionStatus, reason, message, generation, now);
    }
}
