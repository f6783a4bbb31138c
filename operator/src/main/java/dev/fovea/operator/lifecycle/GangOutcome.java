package dev.fovea.operator.lifecycle;

import java.util.OptionalInt;

/**
 * What the pods of the current attempt say about the gang, decided by {@link GangOutcomeClassifier}.
 */
public sealed interface GangOutcome {

    /** No pod has started yet (created, scheduling, pulling images). */
    record Pending(int podsSeen) implements GangOutcome {}

    /** Pods are running and none has failed. */
    record Running(int runningPods) implements GangOutcome {}

    /** Every host exited 0. {@code terminationMessage} is rank 0's (the final progress JSON), if any. */
    record Succeeded(String terminationMessage) implements GangOutcome {}

    /** A host exited with the client-error code: bad hyperparameters or data. Never retried. */
    record ClientError(int hostIndex, String reason) implements GangOutcome {}

    /**
     * A host failed in a way a restart of the gang may fix (peer lost, OOM-killed, evicted, node lost).
     * {@code exitCode} is the trainer container's, empty when the host did not exit by itself (evicted, node lost,
     * the batch Job failed).
     */
    record RetryableFailure(int hostIndex, OptionalInt exitCode, String reason) implements GangOutcome {}
}
