package dev.fovea.api.contract;

/**
 * How a serving pod stops without dropping requests: the contract between {@code serve}'s SIGTERM handling and the
 * pod the operator builds. A pod leaving the Service keeps serving for {@link #PRE_STOP_SECONDS} (its preStop hook)
 * while kube-proxy, ingresses and other clients stop sending to it; then {@code serve} gets SIGTERM, stops accepting
 * and finishes the requests in flight within {@link #DEFAULT_GRACE_SECONDS}.
 */
public final class ServingShutdown {

    /** How long {@code serve} waits after SIGTERM for the requests in flight before closing their connections. */
    public static final int DEFAULT_GRACE_SECONDS = 25;
    /** The preStop sleep: long enough for the endpoint's removal to reach kube-proxy and ingresses. */
    public static final int PRE_STOP_SECONDS = 5;
    /** The pod's terminationGracePeriodSeconds: the preStop sleep, serve's grace and 10 s for the JVM to exit. */
    public static final int POD_GRACE_SECONDS = PRE_STOP_SECONDS + DEFAULT_GRACE_SECONDS + 10;

    private ServingShutdown() {}
}
