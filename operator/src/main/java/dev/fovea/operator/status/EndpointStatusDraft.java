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
import dev.fovea.operator.endpoint.ServingPodTemplate;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The status one reconcile of an endpoint wants, built on a copy of its status and handed to
 * {@link EndpointStatusRecorder}, which alone writes it. The phase follows from what the draft was told: a spec or
 * model problem the user must fix is Failed; otherwise the Deployment's rollout decides (nothing wanted or ready:
 * Pending; its template rolled out and every wanted replica ready: Ready; some ready: Degraded; none ready and the
 * rollout stuck: Failed). {@code status.model} names what the pods serve: a newly resolved model replaces it only once
 * the Deployment has rolled out to it, and the previous one stays while a new one is not resolved or not rolled out.
 */
public final class EndpointStatusDraft {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageClassificationEndpointStatus status;
    private final long generation;
    private final Instant now;
    private final String podSelector;
    private boolean failed;
    /** The model the workflow rolls out: newly resolved, or kept from the status when its source is gone. */
    private ServedModel wanted;
    /** Whether {@link #wanted} was resolved now, so that ModelResolved says whether it is rolled out yet. */
    private boolean found;

    private DeploymentRollout rollout;

    private EndpointStatusDraft(
            ImageClassificationEndpointStatus status, long generation, Instant now, String podSelector) {
        this.status = status;
        this.generation = generation;
        this.now = now;
        this.podSelector = podSelector;
    }

    public static EndpointStatusDraft of(ImageClassificationEndpoint endpoint, Clock clock) {
        ImageClassificationEndpointStatus copy = endpoint.getStatus() == null
                ? new ImageClassificationEndpointStatus()
                : JSON.convertValue(JSON.valueToTree(endpoint.getStatus()), ImageClassificationEndpointStatus.class);
        String podSelector = "-n " + endpoint.getMetadata().getNamespace() + " -l " + ObjectNames.ENDPOINT_NAME_LABEL
                + "=" + endpoint.getMetadata().getName();
        EndpointStatusDraft draft =
                new EndpointStatusDraft(copy, endpoint.getMetadata().getGeneration(), clock.instant(), podSelector);
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

    /**
     * The model is at {@code model}; the status shows it once the Deployment has rolled out to it (its template carries
     * the model's digest, {@link #rollout}).
     */
    public EndpointStatusDraft modelResolved(ServedModel model) {
        wanted = model;
        found = true;
        return this;
    }

    /**
     * The model's source is gone but the model the status names is still served (and spec changes still rolled out):
     * the condition says so, with {@code reason} and {@code message}, and the status keeps naming the model.
     */
    public EndpointStatusDraft modelKept(ConditionReason reason, String message) {
        wanted = status.getModel();
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

    /** What the Deployment reports of its rollout; without one (not created yet) there is no Ready condition. */
    public EndpointStatusDraft rollout(DeploymentRollout rollout) {
        this.rollout = rollout;
        return this;
    }

    /** The status to write, its phase decided and stamped with this draft's generation. */
    public ImageClassificationEndpointStatus build() {
        boolean rolledOut = rollout != null
                && rollout.complete()
                && (wanted == null || Objects.equals(rollout.model(), wanted.getDigest()));
        if (wanted != null && rolledOut) {
            status.setModel(wanted);
        }
        if (found) {
            set(
                    ConditionType.ModelResolved,
                    ConditionList.TRUE,
                    ConditionReason.ModelFound,
                    (rolledOut ? "Serving " : "Rolling out ") + wanted.getUri());
        }
        if (rollout != null) {
            ready(rolledOut);
        }
        status.setPhase(phase());
        status.setObservedGeneration(generation);
        return status;
    }

    private void ready(boolean rolledOut) {
        int wanted = rollout.wanted();
        int ready = rollout.ready();
        status.setReplicas(wanted);
        status.setReadyReplicas(ready);
        if (wanted == 0) {
            set(
                    ConditionType.Ready,
                    ConditionList.FALSE,
                    ConditionReason.ScaledToZero,
                    "The Deployment wants 0 replicas: no pod serves; set spec.replicas above 0 to serve");
        } else if (rolledOut) {
            set(
                    ConditionType.Ready,
                    ConditionList.TRUE,
                    ConditionReason.ReplicasReady,
                    ready + " of " + wanted + " replicas are ready");
        } else if (rollout.stuck()) {
            set(ConditionType.Ready, ConditionList.FALSE, ConditionReason.RolloutStuck, stuckMessage());
        } else if (rollingOut()) {
            set(
                    ConditionType.Ready,
                    ConditionList.FALSE,
                    ConditionReason.RollingOut,
                    "Rolling out " + newPods() + ": " + rollout.updated() + " of " + wanted + " replicas are updated, "
                            + ready + " are ready; " + previousPods() + " until it completes");
        } else {
            set(
                    ConditionType.Ready,
                    ConditionList.FALSE,
                    ConditionReason.ReplicasNotReady,
                    ready + " of " + wanted + " replicas are ready");
        }
    }

    /** Whether pods of an older template are still wanted to go, or the template is not the resolved model's yet. */
    private boolean rollingOut() {
        return !rollout.observed()
                || rollout.updated() < rollout.wanted()
                || rollout.total() > rollout.updated()
                || (wanted != null && !Objects.equals(wanted.getDigest(), rollout.model()));
    }

    private String stuckMessage() {
        return "The rollout of " + newPods() + " made no progress within the Deployment's progress deadline ("
                + rollout.deadlineExceeded().orElse("") + "); " + previousPods()
                + ". See why the new pods do not become ready in their events and logs: kubectl describe pod "
                + podSelector + "; kubectl logs " + podSelector + " -c " + ServingPodTemplate.SERVE_CONTAINER
                + " --previous";
    }

    private String newPods() {
        return wanted == null ? "a new pod template" : "the pods of model " + wanted.getUri();
    }

    private String previousPods() {
        ServedModel served = status.getModel();
        return served == null ? "no pod serves" : "the previous pods keep serving " + served.getUri();
    }

    private EndpointPhase phase() {
        if (failed) {
            return EndpointPhase.Failed;
        }
        Optional<Condition> ready = condition(status, ConditionType.Ready);
        if (rollout == null || rollout.wanted() == 0 || ready.isEmpty()) {
            return EndpointPhase.Pending;
        }
        if (ConditionList.TRUE.equals(ready.get().getStatus())) {
            return EndpointPhase.Ready;
        }
        if (rollout.ready() == 0) {
            return rollout.stuck() ? EndpointPhase.Failed : EndpointPhase.Pending;
        }
        return EndpointPhase.Degraded;
    }

    static Optional<Condition> condition(ImageClassificationEndpointStatus status, ConditionType type) {
        return status == null ? Optional.empty() : ConditionList.find(status.getConditions(), type);
    }

    private void set(ConditionType type, String conditionStatus, ConditionReason reason, String message) {
        ConditionList.set(status.getConditions(), type, conditionStatus, reason, message, generation, now);
    }
}
