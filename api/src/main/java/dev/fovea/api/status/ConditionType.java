package dev.fovea.api.status;

/**
 * The {@code type}s of the conditions in {@code status.conditions}, one per phase, and the reasons Fovea writes.
 * Kubernetes API conventions: a condition type is CamelCase, its status "True", "False" or "Unknown".
 */
public final class ConditionType {

    public static final String CREATED = "Created";
    public static final String RUNNING = "Running";
    public static final String RESTARTING = "Restarting";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String SUSPENDED = "Suspended";

    /** Condition status values. */
    public static final String TRUE = "True";

    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    /** Reasons, CamelCase as the conventions ask. */
    public static final class Reason {
        /** The spec breaks a rule; the message lists the violations. */
        public static final String INVALID_SPEC = "InvalidSpec";
        /** A host exited 2: bad hyperparameters or data; the message is the host's {@code output/failure}. */
        public static final String CLIENT_ERROR = "ClientError";
        /** A peer was lost or timed out (exit 3). */
        public static final String PEER_LOST = "PeerLost";
        /** A host crashed, was killed, evicted or its node lost. */
        public static final String HOST_FAILED = "HostFailed";
        /** More gang restarts than {@code spec.backoffLimit}. */
        public static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
        /** Ran longer than {@code spec.stoppingCondition.maxRuntimeSeconds}. */
        public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
        /** Every host exited 0. */
        public static final String COMPLETED = "Completed";
        /** {@code spec.suspend} is true. */
        public static final String SUSPENDED_BY_USER = "SuspendedByUser";
        /** Early stopping ended training before the last epoch. */
        public static final String EARLY_STOPPED = "EarlyStopped";

        private Reason() {}
    }

    private ConditionType() {}

    /** The condition type that stands for {@code phase}. */
    public static String of(JobPhase phase) {
        return phase.name();
    }
}
