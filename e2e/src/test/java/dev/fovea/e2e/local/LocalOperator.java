package dev.fovea.e2e.local;

/** The operator of a local cluster, which a scenario can stop and start again like a rescheduled pod. */
interface LocalOperator extends AutoCloseable {

    /** Starts the operator and waits until its readiness probe answers. */
    LocalOperator start();

    /** Stops it as Kubernetes would (SIGTERM), waiting for its graceful shutdown. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
