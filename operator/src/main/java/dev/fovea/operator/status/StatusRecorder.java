package dev.fovea.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.ImageClassificationJob;
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
import java.util.Objects;

/**
 * The one place status is written. It skips no-op updates, stamps {@code observedGeneration}, writes with optimistic
 * locking (a 409 fails the reconcile, which JOSDK retries on a fresh copy) and caches the result so the next
 * reconcile sees it. A phase change it wrote becomes a Kubernetes Event and feeds the metrics — exactly once, since
 * only a write that succeeded counts.
 */
@ApplicationScoped
public class StatusRecorder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OperatorMetrics metrics;

    public StatusRecorder(OperatorMetrics metrics) {
        this.metrics = metrics;
    }

    /** A deep copy of the job's status to change; compare it with the original in {@link #record}. */
    public static ImageClassificationJobStatus copyOf(ImageClassificationJob job) {
        return job.getStatus() == null
                ? new ImageClassificationJobStatus()
                : JSON.convertValue(JSON.valueToTree(job.getStatus()), ImageClassificationJobStatus.class);
    }

    public ImageClassificationJob record(
            ImageClassificationJob job, ImageClassificationJobStatus desired, Context<ImageClassificationJob> context) {
        desired.setObservedGeneration(job.getMetadata().getGeneration());
        ImageClassificationJobStatus before = job.getStatus();
        if (before != null && JSON.valueToTree(before).equals(JSON.valueToTree(desired))) {
            return job;
        }
        ImageClassificationJob updated =
                PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(job, context, current -> {
                    current.setStatus(desired);
                    return current;
                });
        announce(context, job, before, desired);
        return updated;
    }

    private void announce(
            Context<ImageClassificationJob> context,
            ImageClassificationJob job,
            ImageClassificationJobStatus before,
            ImageClassificationJobStatus after) {
        JobPhase from = before == null ? null : before.getPhase();
        JobPhase to = after.getPhase();
        if (!refusedBefore(before) && Conditions.isTrue(after.getConditions(), Conditions.SPEC_CHANGE_REFUSED)) {
            conditionOf(after, Conditions.SPEC_CHANGE_REFUSED)
                    .ifPresent(c -> JobEvents.warning(context.getClient(), job, c.getReason(), c.getMessage()));
        }
        if (to == null || to == from) {
            return;
        }
        Condition condition = conditionOf(after, ConditionType.of(to)).orElse(null);
        String reason = condition == null ? to.name() : condition.getReason();
        String message = condition == null ? "The job is " + to : condition.getMessage();
        boolean bad = to == JobPhase.Failed || to == JobPhase.Restarting;
        if (bad) {
            JobEvents.warning(context.getClient(), job, reason, message);
        } else {
            JobEvents.normal(context.getClient(), job, reason, message);
        }
        switch (to) {
            case Created -> metrics.jobCreated();
            case Running -> {
                if (before == null || before.getStartTime() == null) {
                    metrics.firstPodRunning(sinceCreation(job));
                }
            }
            case Restarting -> metrics.gangRestarted();
            case Succeeded -> metrics.jobSucceeded();
            case Failed -> metrics.jobFailed(reason);
            case Suspended -> {}
        }
    }

    private static boolean refusedBefore(ImageClassificationJobStatus before) {
        return before != null && Conditions.isTrue(before.getConditions(), Conditions.SPEC_CHANGE_REFUSED);
    }

    private static java.util.Optional<Condition> conditionOf(ImageClassificationJobStatus status, String type) {
        return status.getConditions().stream()
                .filter(c -> Objects.equals(type, c.getType()))
                .findFirst();
    }

    private static Duration sinceCreation(ImageClassificationJob job) {
        String created = job.getMetadata().getCreationTimestamp();
        return created == null
                ? Duration.ZERO
                : Duration.between(OffsetDateTime.parse(created).toInstant(), Instant.now());
    }
}
