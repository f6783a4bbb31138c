package dev.fovea.operator.lifecycle;

import java.time.Duration;

/**
 * Decides, from what the gang did, whether to keep it, restart it, or end the job — the exit-code table of
 * DESIGN.md plus {@code spec.backoffLimit} and {@code spec.maxRuntimeSeconds}.
 */
public final class GangDecider {

    public static final String REASON_CLIENT_ERROR = "ClientError";
    public static final String REASON_BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
    public static final String REASON_DEADLINE_EXCEEDED = "DeadlineExceeded";

    private GangDecider() {}

    /**
     * @param restarts         gang restarts so far ({@code status.restarts})
     * @param backoffLimit     how many restarts are allowed
     * @param runtime          how long the job has been started, or null if it has not started
     * @param maxRuntimeSeconds the limit from the spec, or null for none
     */
    public static GangDecision decide(
            GangOutcome outcome, int restarts, int backoffLimit, Duration runtime, Long maxRuntimeSeconds) {
        return switch (outcome) {
            case GangOutcome.Succeeded succeeded -> new GangDecision.Succeed(succeeded.terminationMessage());
            case GangOutcome.ClientError error ->
                new GangDecision.Fail(REASON_CLIENT_ERROR, "ClientError: " + error.reason());
            case GangOutcome.RetryableFailure failure ->
                restarts < backoffLimit
                        ? new GangDecision.Restart("Restarting the gang from the newest checkpoint (restart "
                                + (restarts + 1) + " of " + backoffLimit + "): " + failure.reason())
                        : new GangDecision.Fail(
                                REASON_BACKOFF_LIMIT_EXCEEDED,
                                "The gang failed " + (restarts + 1)
                                        + " times, more than spec.backoffLimit=" + backoffLimit
                                        + " allows; last failure: "
                                        + failure.reason());
            case GangOutcome.Running running -> deadline(runtime, maxRuntimeSeconds, true);
            case GangOutcome.Pending pending -> deadline(runtime, maxRuntimeSeconds, false);
        };
    }

    private static GangDecision deadline(Duration runtime, Long maxRuntimeSeconds, boolean running) {
        if (runtime != null && maxRuntimeSeconds != null && runtime.getSeconds() >= maxRuntimeSeconds) {
            return new GangDecision.Fail(
                    REASON_DEADLINE_EXCEEDED,
                    "The job ran " + runtime.getSeconds() + " s, longer than spec.maxRuntimeSeconds="
                            + maxRuntimeSeconds + "; the gang was stopped");
        }
        return new GangDecision.Continue(running);
    }
}
