package dev.fovea.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ConditionType;
import dev.fovea.api.status.ImageClassificationJobStatus;
import dev.fovea.api.status.JobPhase;
import dev.fovea.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place status is written, from a {@link StatusDraft}. It skips no-op updates, writes with optimistic locking
 * (a 409 fails the reconcile, which JOSDK retries on a fresh copy) and caches the result so the next reconcile sees
 * it. What a write changed is announced exactly once, since only a write that succeeded counts: a phase change
 * becomes an Event and feeds the metrics; a problem condition (a refused spec change, a failing reconcile, checkpoints
 * that a gang restart loses) that is raised or says something new becomes a Warning Event.
 */
@ApplicationScoped
public class StatusRecorder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ConditionType> PROBLEMS =
            List.of(ConditionType.SpecChangeRefused, ConditionType.ReconcileError, ConditionType.CheckpointsEphemeral);
    /** Conditions that are not problems but that a user should hear of once: a Normal Event when raised anew. */
    private static final List<ConditionType> NOTICES = List.of(ConditionType.ModelFromCatalogue);

    private final OperatorMetrics metrics;
    private final JobEvents events;

    public StatusRecorder(OperatorMetrics metrics, JobEvents events) {
        this.metrics = metrics;
        this.events = events;
    }

    public ImageClassificationJob record(
            ImageClassificationJob job, StatusDraft draft, Context<ImageClassificationJob> context) {
        ImageClassificationJobStatus desired = draft.build();
        ImageClassificationJobStatus before = job.getStatus();
        if (before != null && JSON.valueToTree(before).equals(JSON.valueToTree(desired))) {
            return job;
        }
        ImageClassificationJob updated =
                PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(job, context, current -> {
                    current.setStatus(desired);
                    return current;
                });
        announce(context, job, before, desired, draft.now());
        return updated;
    }

    private void announce(
            Context<ImageClassificationJob> context,
            ImageClassificationJob job,
            ImageClassificationJobStatus before,
            ImageClassificationJobStatus after,
            Instant now) {
        for (ConditionType problem : PROBLEMS) {
            StatusDraft.condition(after, problem)
                    .filter(c -> StatusDraft.TRUE.equals(c.getStatus()) && saysSomethingNew(c, before, problem))
                    .ifPresent(c -> events.warning(context.getClient(), job, c.getReason(), c.getMessage()));
        }
        for (ConditionType notice : NOTICES) {
            StatusDraft.condition(after, notice)
                    .filter(c -> StatusDraft.TRUE.equals(c.getStatus()) && saysSomethingNew(c, before, notice))
                    .ifPresent(c -> events.normal(context.getClient(), job, c.getReason(), c.getMessage()));
        }
        String notice = after.getCheckpointNotice();
        if (notice != null && (before == null || !notice.equals(before.getCheckpointNotice()))) {
            events.warning(context.getClient(), job, ConditionReason.CheckpointsSkipped.name(), notice);
        }
        JobPhase from = before == null ? null : before.getPhase();
        JobPhase to = after.getPhase();
        if (to == null || to == from) {
            return;
        }
        Condition condition = StatusDraft.condition(after, ConditionType.of(to)).orElseThrow();
        if (to == JobPhase.Failed || to == JobPhase.Restarting) {
            events.warning(context.getClient(), job, condition.getReason(), condition.getMessage());
        } else {
            events.normal(context.getClient(), job, condition.getReason(), condition.getMessage());
        }
        switch (to) {
            case Created -> metrics.jobCreated();
            case Running -> {
                if (before == null || before.getStartTime() == null) {
                    metrics.firstPodRunning(sinceCreation(job, now));
                }
            }
            case Restarting -> metrics.gangRestarted();
            case Succeeded -> metrics.jobSucceeded();
            case Failed -> metrics.jobFailed(condition.getReason());
            case Suspended -> {}
        }
    }

    /** Whether {@code raised} was not True before, or now gives another reason or message. */
    private static boolean saysSomethingNew(Condition raised, ImageClassificationJobStatus before, ConditionType type) {
        Optional<Condition> previous =
                StatusDraft.condition(before, type).filter(c -> StatusDraft.TRUE.equals(c.getStatus()));
        return previous.isEmpty()
                || !Objects.equals(previous.get().getReason(), raised.getReason())
                || !Objects.equals(previous.get().getMessage(), raised.getMessage());
    }

    private static Duration sinceCreation(ImageClassificationJob job, Instant now) {
        String created = job.getMetadata().getCreationTimestamp();
        return created == null
                ? Duration.ZERO
                : Duration.between(OffsetDateTime.parse(created).toInstant(), now);
    }
}
