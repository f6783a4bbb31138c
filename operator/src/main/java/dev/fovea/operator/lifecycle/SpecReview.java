package dev.fovea.operator.lifecycle;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.hyperparameters.HyperParameterDefaults;
import dev.fovea.api.spec.Violation;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ConditionType;
import dev.fovea.api.status.JobPhase;
import dev.fovea.api.validation.JobValidator;
import dev.fovea.operator.status.StatusDraft;
import java.util.List;
import java.util.Optional;

/**
 * Judges the spec against the gang that was observed first, and writes the verdict into the status draft. An invalid
 * spec fails a job only while it has no gang; an edit that a gang cannot take — invalid, or a change to what the gang
 * was built from — is refused: the condition {@code SpecChangeRefused} names the fields, the job keeps its phase and
 * its gang. A job that failed only on its spec is admitted again once the spec is valid. The spec in force shows in
 * {@code status.totalEpochs}, and whether a restarted gang can resume from a checkpoint in the condition
 * {@code CheckpointsEphemeral}.
 */
public final class SpecReview {

    /** What the reconciler may do with the spec after the review. */
    public enum Verdict {
        /** Valid, and the spec the gang runs (or will be built from): the dependents may be reconciled. */
        IN_FORCE,
        /** Not applied to the existing gang; the gang carries on as it is. */
        REFUSED,
        /** Invalid and no gang: the job is Failed until the spec is corrected. */
        REJECTED,
        /** The job finished; its spec no longer matters. */
        NOT_JUDGED
    }

    private SpecReview() {}

    public static Verdict review(ImageClassificationJob job, Gang gang, String specHash, StatusDraft status) {
        if (status.phase().isFinished() && !status.failedOnSpec()) {
            return Verdict.NOT_JUDGED;
        }
        List<Violation> violations = JobValidator.validate(job);
        if (!violations.isEmpty() && !gang.exists()) {
            status.enter(
                    JobPhase.Failed,
                    reasonFor(violations),
                    listed(violations) + ". Fix the spec; no pods were started");
            return Verdict.REJECTED;
        }
        if (!violations.isEmpty()) {
            status.raise(
                    ConditionType.SpecChangeRefused,
                    reasonFor(violations),
                    listed(violations) + ". The edit is not applied: " + SpecChangeGuard.GANG_KEEPS_ITS_SPEC);
            return Verdict.REFUSED;
        }
        Optional<String> refusal = SpecChangeGuard.refusal(gang.batchJob(), specHash);
        if (refusal.isPresent()) {
            status.raise(ConditionType.SpecChangeRefused, ConditionReason.SpecChangeRefused, refusal.get());
            return Verdict.REFUSED;
        }
        status.settle(
                ConditionType.SpecChangeRefused,
                ConditionReason.SpecApplied,
                "The spec in force is the one the gang runs");
        if (status.failedOnSpec()) {
            status.enter(JobPhase.Created, ConditionReason.Accepted, "The spec is valid now; the job is starting");
        }
        ResumePoint.of(job.getSpec()).showIn(status);
        status.totalEpochs(HyperParameterDefaults.applyTo(job.getSpec().getHyperParameters())
                .getEpochs());
        return Verdict.IN_FORCE;
    }

    /** InvalidHyperParameters when only hyperparameters are wrong, else InvalidSpec. */
    private static ConditionReason reasonFor(List<Violation> violations) {
        return violations.stream().allMatch(v -> v.field() != null && v.field().startsWith("spec.hyperParameters"))
                ? ConditionReason.InvalidHyperParameters
                : ConditionReason.InvalidSpec;
    }

    private static String listed(List<Violation> violations) {
        return String.join("; ", violations.stream().map(Violation::toString).toList());
    }
}
