package dev.fovea.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ConditionType;
import dev.fovea.api.status.ImageClassificationJobStatus;
import dev.fovea.api.status.JobPhase;
import dev.fovea.api.status.Progress;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The status one reconcile wants, built on a copy of the job's status and handed to {@link StatusRecorder}, which
 * alone writes it. Every condition it sets carries the same {@code observedGeneration} and timestamp; a phase and its
 * condition are only ever set together ({@link #enter}); {@code lastTransitionTime} moves only when a condition's
 * status changes.
 */
public final class StatusDraft {

    static final String TRUE = ConditionList.TRUE;
    static final String FALSE = ConditionList.FALSE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageClassificationJobStatus status;
    private final long generation;
    private final Instant now;

    private StatusDraft(ImageClassificationJobStatus status, long generation, Instant now) {
        this.status = status;
        this.generation = generation;
        this.now = now;
    }

    /** A draft of {@code job}'s status for the generation it has now, timed once by {@code clock}. */
    public static StatusDraft of(ImageClassificationJob job, Clock clock) {
        ImageClassificationJobStatus copy = job.getStatus() == null
                ? new ImageClassificationJobStatus()
                : JSON.convertValue(JSON.valueToTree(job.getStatus()), ImageClassificationJobStatus.class);
        return new StatusDraft(copy, job.getMetadata().getGeneration(), clock.instant());
    }

    /** The one timestamp of this reconcile. */
    public Instant now() {
        return now;
    }

    /** The phase so far; null for a job the operator has not seen yet. */
    public JobPhase phase() {
        return status.getPhase();
    }

    /** The reason of the current phase's condition, if Fovea wrote it. */
    public Optional<ConditionReason> phaseReason() {
        return status.getPhase() == null
                ? Optional.empty()
                : condition(ConditionType.of(status.getPhase())).flatMap(StatusDraft::reasonOf);
    }

    /** The gang attempt in force: the restarts so far. */
    public int attempt() {
        return status.getRestarts() == null ? 0 : status.getRestarts();
    }

    /** How long the gang has been running since it first started, or empty before that. */
    public Optional<Duration> runtime() {
        return Optional.ofNullable(status.getStartTime()).map(start -> Duration.between(Instant.parse(start), now));
    }

    public Optional<Instant> completionTime() {
        return Optional.ofNullable(status.getCompletionTime()).map(Instant::parse);
    }

    public Optional<String> modelArtifact() {
        return Optional.ofNullable(status.getModelArtifact());
    }

    /** Whether the job is Failed only because its spec broke a rule, so that a corrected spec may start it. */
    public boolean failedOnSpec() {
        return status.getPhase() == JobPhase.Failed
                && phaseReason().map(ConditionReason::isSpecError).orElse(false);
    }

    /**
     * Moves the job into {@code phase}: its condition becomes True with {@code reason} and {@code message}, and every
     * other phase condition that was True becomes False.
     */
    public StatusDraft enter(JobPhase phase, ConditionReason reason, String message) {
        status.setPhase(phase);
        for (JobPhase other : JobPhase.values()) {
            ConditionType type = ConditionType.of(other);
            if (other != phase && isTrue(type)) {
                set(type, FALSE, reason, "The job is " + phase + " now");
            }
        }
        set(ConditionType.of(phase), TRUE, reason, message);
        return this;
    }

    /** Ends the job in {@code phase} (Succeeded or Failed) now. */
    public StatusDraft finish(JobPhase phase, ConditionReason reason, String message) {
        status.setCompletionTime(now.toString());
        return enter(phase, reason, message);
    }

    /** Counts a gang restart and enters Restarting. */
    public StatusDraft restart(ConditionReason reason, String message) {
        status.setRestarts(attempt() + 1);
        return enter(JobPhase.Restarting, reason, message);
    }

    /** Sets a condition that is not a phase True, e.g. a refused spec change. */
    public StatusDraft raise(ConditionType type, ConditionReason reason, String message) {
        set(type, TRUE, reason, message);
        return this;
    }

    /** Sets a condition that is not a phase False if it was ever raised; otherwise it stays absent. */
    public StatusDraft settle(ConditionType type, ConditionReason reason, String message) {
        if (condition(type).isPresent()) {
            set(type, FALSE, reason, message);
        }
        return this;
    }

    /** Starts counting the runtime now, unless it already started. */
    public StatusDraft startedNow() {
        if (status.getStartTime() == null) {
            status.setStartTime(now.toString());
        }
        return this;
    }

    /** A job seen for the first time is Created, with no restarts yet. */
    public StatusDraft acceptIfNew() {
        if (status.getPhase() == null) {
            status.setRestarts(0);
            enter(JobPhase.Created, ConditionReason.Accepted, "The job was accepted; its objects are being created");
        }
        return this;
    }

    public StatusDraft totalEpochs(int epochs) {
        status.setTotalEpochs(epochs);
        return this;
    }

    public StatusDraft progress(Progress progress) {
        status.applyProgress(progress);
        return this;
    }

    /** The status to write, stamped with this draft's generation. */
    public ImageClassificationJobStatus build() {
        status.setObservedGeneration(generation);
        return status;
    }

    static boolean isTrue(ImageClassificationJobStatus status, ConditionType type) {
        return status != null && status.getConditions().stream().anyMatch(c -> isTrue(c, type));
    }

    static Optional<Condition> condition(ImageClassificationJobStatus status, ConditionType type) {
        return status == null ? Optional.empty() : ConditionList.find(status.getConditions(), type);
    }

    private boolean isTrue(ConditionType type) {
        return isTrue(status, type);
    }

    private Optional<Condition> condition(ConditionType type) {
        return condition(status, type);
    }

    private static boolean isTrue(Condition condition, ConditionType type) {
        return type.name().equals(condition.getType()) && TRUE.equals(condition.getStatus());
    }

    private static Optional<ConditionReason> reasonOf(Condition condition) {
        try {
            return Optional.of(ConditionReason.valueOf(condition.getReason()));
        } catch (IllegalArgumentException | NullPointerException unknown) {
            return Optional.empty();
        }
    }

    private void set(ConditionType type, String conditionStatus, ConditionReason reason, String message) {
        ConditionList.set(status.getConditions(), type, conditionStatus, reason, message, generation, now);
    }
}
