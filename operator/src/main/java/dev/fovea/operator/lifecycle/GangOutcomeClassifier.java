package dev.fovea.operator.lifecycle;

import dev.fovea.api.contract.ExitCodes;
import dev.fovea.api.contract.TerminationMessages;
import dev.fovea.operator.dependent.TrainerPods;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the pods of the current attempt (and the batch Job) and decides what happened, following the trainer's exit
 * codes ({@link ExitCodes}): 0 finished, 2 client error, anything else (3, 137, 143, evicted, node lost) retryable.
 * A client error wins over retryable failures, since peers of a host that gave up exit 3 (peer lost) too. Pods being
 * deleted are no verdict: their batch Job tells whether they were suspended or failed.
 */
public final class GangOutcomeClassifier {

    private GangOutcomeClassifier() {}

    public static GangOutcome classify(Optional<Job> job, List<Pod> pods, int instanceCount) {
        Optional<GangOutcome> failure = pods.stream()
                .filter(pod -> !isBeingDeleted(pod))
                .sorted(Comparator.comparingInt(TrainerPods::hostIndex))
                .map(GangOutcomeClassifier::failureOf)
                .flatMap(Optional::stream)
                .min(Comparator.comparingInt(outcome -> outcome instanceof GangOutcome.ClientError ? 0 : 1));
        if (failure.isPresent()) {
            return failure.get();
        }
        Set<Integer> succeededHosts = new HashSet<>();
        String rankZeroMessage = null;
        int running = 0;
        for (Pod pod : pods) {
            Optional<ContainerStateTerminated> terminated = TrainerPods.trainerTerminated(pod);
            if (terminated.isPresent() && terminated.get().getExitCode() == 0) {
                succeededHosts.add(TrainerPods.hostIndex(pod));
                if (TrainerPods.hostIndex(pod) == 0) {
                    rankZeroMessage = terminated.get().getMessage();
                }
            } else if ("Running"
                    .equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
                running++;
            }
        }
        if (succeededHosts.size() >= instanceCount || jobConditionTrue(job, "Complete")) {
            return new GangOutcome.Succeeded(rankZeroMessage);
        }
        if (jobConditionTrue(job, "Failed")) {
            return new GangOutcome.RetryableFailure(
                    -1, OptionalInt.empty(), "the batch Job failed: " + jobConditionMessage(job, "Failed"));
        }
        return running > 0 || !succeededHosts.isEmpty()
                ? new GangOutcome.Running(running)
                : new GangOutcome.Pending(pods.size());
    }

    private static Optional<GangOutcome> failureOf(Pod pod) {
        int host = TrainerPods.hostIndex(pod);
        Optional<ContainerStateTerminated> terminated = TrainerPods.trainerTerminated(pod);
        if (terminated.isPresent() && terminated.get().getExitCode() != 0) {
            int code = terminated.get().getExitCode();
            String reason = TerminationMessages.failureReason(terminated.get().getMessage());
            if (ExitCodes.isClientError(code)) {
                return Optional.of(new GangOutcome.ClientError(
                        host,
                        reason.isEmpty()
                                ? "host " + host + " reported a client error without a reason"
                                : TerminationMessages.withoutClientErrorPrefix(reason)));
            }
            return Optional.of(new GangOutcome.RetryableFailure(
                    host,
                    OptionalInt.of(code),
                    "host " + host + " exited with code " + code
                            + describe(terminated.get().getReason(), reason)));
        }
        var status = pod.getStatus();
        if (status == null) {
            return Optional.empty();
        }
        if ("Evicted".equals(status.getReason())) {
            return Optional.of(new GangOutcome.RetryableFailure(
                    host, OptionalInt.empty(), "host " + host + " was evicted" + describe(null, status.getMessage())));
        }
        if ("NodeLost".equals(status.getReason()) || "Unknown".equals(status.getPhase())) {
            return Optional.of(
                    new GangOutcome.RetryableFailure(host, OptionalInt.empty(), "host " + host + " lost its node"));
        }
        if ("Failed".equals(status.getPhase())) {
            return Optional.of(new GangOutcome.RetryableFailure(
                    host,
                    OptionalInt.empty(),
                    "host " + host + " failed" + describe(status.getReason(), status.getMessage())));
        }
        return Optional.empty();
    }

    /**
     * A pod with a deletion timestamp was stopped from outside: by the Job controller when Kueue or the user suspends
     * the Job (the trainers then end 143, and their peers 3), or by an eviction, which fails the batch Job. Its exit
     * code is no verdict of its own; the batch Job's state is.
     */
    private static boolean isBeingDeleted(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    private static String describe(String reason, String message) {
        StringBuilder text = new StringBuilder();
        if (reason != null && !reason.isBlank()) {
            text.append(" (").append(reason).append(')');
        }
        if (message != null && !message.isBlank()) {
            text.append(": ").append(message);
        }
        return text.toString();
    }

    private static boolean jobConditionTrue(Optional<Job> job, String type) {
        return job.map(j -> j.getStatus() == null || j.getStatus().getConditions() == null
                        ? false
                        : j.getStatus().getConditions().stream()
                                .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus())))
                .orElse(false);
    }

    private static String jobConditionMessage(Optional<Job> job, String type) {
        return job.flatMap(j -> j.getStatus().getConditions().stream()
                        .filter(c -> type.equals(c.getType()))
                        .findFirst())
                .map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage()))
                .orElse("");
    }
}
