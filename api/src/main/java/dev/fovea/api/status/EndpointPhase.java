package dev.fovea.api.status;

/** Where an endpoint is; shown in {@code kubectl get ice}. */
public enum EndpointPhase {
    /** Waiting for its model (a job still training) or for its first ready replica. */
    Pending,
    /** Every wanted replica is ready and serving. */
    Ready,
    /** Some replicas are ready, not all wanted ones: still serving, rolling out or short of capacity. */
    Degraded,
    /** The spec is invalid or its model cannot be resolved until the user acts; the message says what to do. */
    Failed
}
