package dev.fovea.api.status;

/** Where a job is in its life; shown in {@code kubectl get icj}. */
public enum JobPhase {
    /** Accepted; its objects are being created and its pods scheduled. */
    Created,
    /** Every host is up and training. */
    Running,
    /** A host failed or was lost; the gang is being restarted from the newest checkpoint. */
    Restarting,
    /** Every host finished; the model is written. */
    Succeeded,
    /** A client error, too many restarts or the deadline: the job will not be retried. */
    Failed,
    /** {@code spec.suspend} is true; the pods are gone, the checkpoints kept. */
    Suspended;

    /** Whether the job has finished for good. */
    public boolean isFinished() {
        return this == Succeeded || this == Failed;
    }
}
