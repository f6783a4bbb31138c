package dev.fovea.api.status;

/** Where an endpoint is; shown in {@code kubectl get ice}. */
public enum EndpointPhase {
    /** Waiting for its model (a job still training) or for its first ready replica, or scaled to 0 replicas. */
    Pending,
    /** The Deployment has rolled out its pods (the model in status.model) and every wanted replica is ready. */
    Ready,
    /**
     * Some replicas are ready and serve, but not all wanted ones run the current template: rolling out (the previous
     * pods serve until it completes), a stuck rollout, or short of capacity.
     */
    Degraded,
    /**
     * The spec is invalid, its model cannot be resolved, or its first rollout is stuck with no pod ready, until the
     * user acts; the message says what to do.
     */
    Failed
}
