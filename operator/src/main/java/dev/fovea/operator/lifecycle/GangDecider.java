package dev.fovea.operator.lifecycle;

import dev.fovea.api.contract.ExitCodes;
import dev.fovea.api.status.ConditionReason;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides, from what the gang did, whether to keep it, restart it, or end the job — the trainer's exit codes
 * ({@link ExitCodes}) plus {@code spec.backoffLimit} and {@code spec.maxRuntimeSeconds}.
 */
public final class GangDecider {

    private GangDecider() {}

    /**
     * @param restarts         gang restarts so far ({@code status.restarts})
     * @param backoffLimit     how many restarts are allowed
     * @param runtime          how long the job has been started, or empty if it has not started
     * @param maxRuntimeSeconds the limit from the spec, or null for none
     * @param resume           where a restarted gang resumes
     */
    public static GangDecision decide(
            GangOutcome outcome,
            int restarts,
            int backoffLimit,
            Optional<Duration> runtime,
            Long maxRuntimeSeconds,
            ResumePoint resume) {
        return switch (outcome) {
            case GangOutcome.Succeeded succeeded -> new GangDecision.Succeed(succeeded.terminationMessage());
            case GangOutcome.ClientError error ->
                new GangDecision.Fail(ConditionReason.ClientError, "ClientError: " + error.reason());
            case GangOutcome.RetryableFailure failure ->
                restarts < backoffLimit
                        ? new GangDecision.Restart(
                                restartReason(failure),
                                "Restarting the gang " + resume.from() + " (restart " + (restarts + 1) + " of "
                                        + backoffLimit + "): " + failure.reason())
                        : new GangDecision.Fail(
                                ConditionReason.BackoffLimitExceeded,
                                "The gang failed " + (restarts + 1)
                                        + " times, more than spec.backoffLimit=" + backoffLimit
                                        + " allows; last failure: "
                                        + failure.reason());
            case GangOutcome.Running running -> deadline(runtime, maxRuntimeSeconds, true);
            case GangOutcome.Pending pending -> deadline(runtime, maxRuntimeSeconds, false);
        };
    }

    /** PeerLost when the host exited with the trainer's peer-lost code, else HostFailed. */
    private static ConditionReason restartReason(GangOutcome.RetryableFailure failure) {
        return failure.exitCode().isPresent() && failure.exitCode().getAsInt() == ExitCodes.PEER_LOST
                ? ConditionReason.PeerLost
                : ConditionReason.HostFailed;
    }

    private static GangDecision deadline(Optional<Duration> runtime, Long maxRuntimeSeconds, boolean running) {
        if (runtime.isPresent() && maxRuntimeSeconds != null && runtime.get().getSeconds() >= maxRuntimeSeconds) {
            return new GangDecision.Fail(
                    ConditionReason.DeadlineExceeded,
                    "The job ran " + runtime.get().getSeconds() + " s, longer than spec.maxRuntimeSeconds="
                            + maxRuntimeSeconds + "; the gang was stopped");
        }
        return new GangDecision.Continue(running);
    }
}
