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
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * The one place an endpoint's status is written, from an {@link EndpointStatusDraft}: no-op updates are skipped, the
 * write is optimistic (a 409 fails the reconcile, which JOSDK retries) and cached for the next reconcile. A change of
 * the model's condition (resolved, or why not) becomes an Event — a Warning when the model is not resolved — once,
 * since only a write that succeeded counts; so do reaching Ready, a rollout getting stuck and the autoscaler becoming unable to scale (both Warnings; the
 * latter once per HPA reason, since the HPA's message names a pod that may change at each of its syncs).
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
        warnOnChange(
                context,
                endpoint,
                before,
                after,
                ConditionType.Ready,
                c -> ConditionReason.RolloutStuck.name().equals(c.getReason()),
                EndpointStatusRecorder::sameReasonAndMessage);
        warnOnChange(
                context,
                endpoint,
                before,
                after,
                ConditionType.AutoscalingActive,
                c -> ConditionList.FALSE.equals(c.getStatus()),
                EndpointStatusRecorder::sameStatusAndReason);
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

    /**
     * A Warning with condition {@code type}'s reason and message when it is {@code bad} now and was not, or was but
     * not the {@code same}.
     */
    private void warnOnChange(
            Context<ImageClassificationEndpoint> context,
            ImageClassificationEndpoint endpoint,
            ImageClassificationEndpointStatus before,
            ImageClassificationEndpointStatus after,
            ConditionType type,
            Predicate<Condition> bad,
            BiPredicate<Condition, Condition> same) {
        Optional<Condition> now = EndpointStatusDraft.condition(after, type).filter(bad);
        Optional<Condition> was = EndpointStatusDraft.condition(before, type);
        if (now.isPresent() && (was.isEmpty() || !same.test(now.get(), was.get()))) {
            events.warning(
                    context.getClient(),
                    endpoint,
                    now.get().getReason(),
                    now.get().getMessage());
        }
    }

    /** The HPA's messages name one of the pods, which may differ from one of its syncs to the next. */
    private static boolean sameStatusAndReason(Condition a, Condition b) {
        return Objects.equals(a.getStatus(), b.getStatus()) && Objects.equals(a.getReason(), b.getReason());
    }

    private static boolean sameReasonAndMessage(Condition a, Condition b) {
        return Objects.equals(a.getReason(), b.getReason()) && Objects.equals(a.getMessage(), b.getMessage());
    }
}
