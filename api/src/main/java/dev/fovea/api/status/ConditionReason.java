package dev.fovea.api.status;

/**
 * Every {@code reason} Fovea writes into a condition, and into the Event that announces it (and one Event of its own). The constant's name is
 * the reason, CamelCase as the Kubernetes API conventions ask; the condition's message is for a person.
 */
public enum ConditionReason {
    /** The job, or its corrected spec, was accepted; its objects are being created. */
    Accepted,
    /** The spec breaks a rule; the message lists every violation with its field. */
    InvalidSpec,
    /** Only the hyperparameters break rules; the message lists every violation with its field. */
    InvalidHyperParameters,
    /** Queued in Kueue, waiting for admission. */
    WaitingForAdmission,
    /** Every host of the gang is running. */
    GangRunning,
    /** A host exited 2: bad hyperparameters or data; the message is the trainer's reason. */
    ClientError,
    /** A host exited 3: a peer was lost or timed out. */
    PeerLost,
    /** A host crashed, was killed, evicted or lost its node. */
    HostFailed,
    /** More gang failures than {@code spec.backoffLimit} allows. */
    BackoffLimitExceeded,
    /** Ran longer than {@code spec.stoppingCondition.maxRuntimeSeconds}. */
    DeadlineExceeded,
    /** Every host exited 0. */
    Completed,
    /** {@code spec.suspend} is true. */
    SuspendedByUser,
    /**
     * Kueue suspended the admitted batch Job (preemption, or an eviction such as {@code waitForPodsReady}'s timeout);
     * the pods are stopped, the Job and its checkpoints are kept, and no restart is counted.
     */
    SuspendedByKueue,
    /** Kueue admitted the batch Job again after a suspension; the gang resumes. */
    Admitted,
    /** No {@code spec.checkpointConfig}: a gang restart starts over from epoch 0. */
    NoCheckpointConfig,
    /** {@code spec.checkpointConfig} is set: a gang restart resumes from the newest checkpoint. */
    CheckpointConfigSet,
    /** The job's model channel reads the weights for its numLayers from the operator's pretrained catalogue. */
    PretrainedCatalogue,
    /** The job's model channel, if any, is its spec's own: the pretrained catalogue adds none. */
    ModelChannelInSpec,
    /** A section of the spec the gang was built from changed while the gang exists. */
    SpecChangeRefused,
    /** The spec in force is the one the gang runs (a refused change was reverted). */
    SpecApplied,
    /** A reconcile of the job threw; the operator retries. */
    ReconcileFailed,
    /** The last reconcile succeeded. */
    Reconciled,
    /**
     * An Event only: the trainers skipped damaged, incomplete or foreign checkpoints and resumed from an older one or
     * started over; the message is {@code status.checkpointNotice}.
     */
    CheckpointsSkipped,
    /** An endpoint's {@code spec.model.fromJob} names no job in its namespace. */
    JobNotFound,
    /**
     * The endpoint's job was deleted (e.g. by its ttlSecondsAfterFinished) after its model was resolved: the endpoint
     * keeps serving that model, from what its status recorded, and keeps taking spec changes.
     */
    JobDeleted,
    /** The endpoint's job has not Succeeded (yet, or it Failed); the message says which phase it is in. */
    JobNotSucceeded,
    /**
     * The endpoint's job Succeeded without a model to serve: it had no {@code outputDataConfig} (its model was on its
     * pods' disks only), or its S3 output has no {@code status.modelArtifact}.
     */
    JobWroteNoModel,
    /** The endpoint's model location is known; the message names it. */
    ModelFound,
    /** Every wanted replica of the endpoint is ready. */
    ReplicasReady,
    /** Fewer replicas of the endpoint are ready than wanted; the message gives both counts. */
    ReplicasNotReady,
    /**
     * The endpoint's Deployment is replacing its pods (a new model or pod spec): the message counts the updated and
     * ready replicas; the previous pods serve until it completes.
     */
    RollingOut,
    /**
     * The Deployment's rollout exceeded its progress deadline (Progressing=False, ProgressDeadlineExceeded): the new
     * pods do not become ready; the message names the model, what still serves and how to see why.
     */
    RolloutStuck,
    /** The endpoint's Deployment wants 0 replicas: nothing serves. */
    ScaledToZero;

    /** Whether a job that failed for this reason may start once its spec is corrected. */
    public boolean isSpecError() {
        return this == InvalidSpec || this == InvalidHyperParameters;
    }
}
