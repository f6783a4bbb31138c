package dev.fovea.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ConditionType;
import dev.fovea.api.status.EndpointPhase;
import dev.fovea.api.status.ImageClassificationEndpointStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place an endpoint's status is written, from an {@link EndpointStatusDraft}: no-op updates are skipped, the
 * write is optimistic (a 409 fails the reconcile, which JOSDK retries) and cached for the next reconcile. A change of
 * the model's condition (resolved, or why not) becomes an Event — a Warning when the model is not resolved — once,
 * since only a write that succeeded counts; so do reaching Ready and a rollout getting stuck (a Warning).
 */
@ApplicationScoped
public class EndpointStatusRecorder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JobEvents events;

    public EndpointStatusRecorder(JobEvents events) {
        this.events = events;
    }

    public void record(
            ImageClassificationEndpoint endpoint,
            EndpointStatusDraft draft,
            Context<ImageClassificationEndpoint> context) {
        ImageClassificationEndpointStatus desired = draft.build();
        ImageClassificationEndpointStatus before = endpoint.getStatus();
        if (before != null && JSON.valueToTree(before).equals(JSON.valueToTree(desired))) {
            return;
        }
        PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(endpoint, context, current -> {
            current.setStatus(desired);
            return current;
        });
        announce(context, endpoint, before, desired);
    }

    private void announce(
            Context<ImageClassificationEndpoint> context,
            ImageClassificationEndpoint endpoint,
            ImageClassificationEndpointStatus before,
            ImageClassificationEndpointStatus after) {
        Optional<Condition> model = EndpointStatusDraft.condition(after, ConditionType.ModelResolved);
        Optional<Condition> previous = EndpointStatusDraft.condition(before, ConditionType.ModelResolved);
        if (model.isPresent() && (previous.isEmpty() || !sameReasonAndMessage(model.get(), previous.get()))) {
            Condition c = model.get();
            if (ConditionList.TRUE.equals(c.getStatus())) {
                events.normal(context.getClient(), endpoint, c.getReason(), c.getMessage());
            } else {
                events.warning(context.getClient(), endpoint, c.getReason(), c.getMessage());
            }
        }
        Optional<Condition> ready = EndpointStatusDraft.condition(after, ConditionType.Ready);
        Optional<Condition> wasReady = EndpointStatusDraft.condition(before, ConditionType.Ready);
        if (ready.isPresent()
                && ConditionReason.RolloutStuck.name().equals(ready.get().getReason())
                && (wasReady.isEmpty() || !sameReasonAndMessage(ready.get(), wasReady.get()))) {
            events.warning(
                    context.getClient(),
                    endpoint,
                    ready.get().getReason(),
                    ready.get().getMessage());
        }
        EndpointPhase from = before == null ? null : before.getPhase();
        if (after.getPhase() == EndpointPhase.Ready && from != EndpointPhase.Ready) {
            Condition nowReady = ready.orElseThrow();
            events.normal(
                    context.getClient(),
                    endpoint,
                    nowReady.getReason(),
                    nowReady.getMessage() + " at " + after.getUrl());
        }
    }

    private static boolean sameReasonAndMessage(Condition a, Condition b) {
        return Objects.equals(a.getReason(), b.getReason()) && Objects.equals(a.getMessage(), b.getMessage());
    }
}
