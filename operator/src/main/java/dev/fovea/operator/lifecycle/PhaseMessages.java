package dev.fovea.operator.lifecycle;

import dev.fovea.api.spec.Violation;
import dev.fovea.api.status.ConditionType;
import dev.fovea.api.status.ImageClassificationJobStatus;
import dev.fovea.api.status.JobPhase;
import dev.fovea.operator.status.Conditions;
import java.util.List;

/** Condition reasons and messages for a person, for the transitions the lifecycle makes. */
public final class PhaseMessages {

    public static final String REASON_ACCEPTED = "Accepted";
    public static final String REASON_STARTED = "GangRunning";
    public static final String REASON_WAITING_FOR_ADMISSION = "WaitingForAdmission";

    private PhaseMessages() {}

    /** InvalidHyperParameters when only hyperparameters are wrong, else InvalidSpec. */
    public static String invalidReason(List<Violation> violations) {
        return violations.stream().allMatch(v -> v.field() != null && v.field().startsWith("spec.hyperParameters"))
                ? Conditions.REASON_INVALID_HYPER_PARAMETERS
                : ConditionType.Reason.INVALID_SPEC;
    }

    public static String invalidMessage(List<Violation> violations) {
        return String.join("; ", violations.stream().map(Violation::toString).toList())
                + ". Fix the spec; no pods were started";
    }

    /** Whether the job failed only because its spec was invalid (so a corrected spec may start it). */
    public static boolean failedOnSpec(ImageClassificationJobStatus status) {
        return status.getPhase() == JobPhase.Failed
                && status.getConditions().stream()
                        .anyMatch(c -> ConditionType.FAILED.equals(c.getType())
                                && ConditionType.TRUE.equals(c.getStatus())
                                && (ConditionType.Reason.INVALID_SPEC.equals(c.getReason())
                                        || Conditions.REASON_INVALID_HYPER_PARAMETERS.equals(c.getReason())));
    }

    public static String restartReason(String failure) {
        return failure.contains("exited with code 3")
                ? ConditionType.Reason.PEER_LOST
                : ConditionType.Reason.HOST_FAILED;
    }
}
