package dev.fovea.operator.lifecycle;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.Violation;
import dev.fovea.api.status.ImageClassificationJobStatus;
import dev.fovea.api.status.JobPhase;
import dev.fovea.api.validation.JobValidator;
import dev.fovea.operator.status.Conditions;
import java.time.Instant;
import java.util.List;

/**
 * The first step of every reconcile: a new job becomes Created, an invalid spec becomes a Failed condition naming the
 * fields (never a retry loop), and a job that failed only on its spec is admitted again once the spec is corrected.
 */
public final class Admission {

    private Admission() {}

    /** @return whether the spec is valid; the status says why not otherwise. */
    public static boolean admit(ImageClassificationJob job, ImageClassificationJobStatus status, long generation) {
        String now = Instant.now().toString();
        if (status.getPhase() == null) {
            status.setPhase(JobPhase.Created);
            status.setRestarts(0);
            Conditions.enterPhase(
                    status.getConditions(),
                    JobPhase.Created,
                    PhaseMessages.REASON_ACCEPTED,
                    "The job was accepted; its objects are being created",
                    generation,
                    now);
        }
        List<Violation> violations = JobValidator.validate(job);
        if (!violations.isEmpty()) {
            status.setPhase(JobPhase.Failed);
            Conditions.enterPhase(
                    status.getConditions(),
                    JobPhase.Failed,
                    PhaseMessages.invalidReason(violations),
                    PhaseMessages.invalidMessage(violations),
                    generation,
                    now);
            return false;
        }
        if (PhaseMessages.failedOnSpec(status)) {
            status.setPhase(JobPhase.Created);
            Conditions.enterPhase(
                    status.getConditions(),
                    JobPhase.Created,
                    PhaseMessages.REASON_ACCEPTED,
                    "The spec is valid now; the job is starting",
                    generation,
                    now);
        }
        return true;
    }
}
