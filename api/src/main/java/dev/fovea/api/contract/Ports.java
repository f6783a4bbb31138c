package dev.fovea.api.contract;

import java.net.InetSocketAddress;

/** The ports every trainer host listens on, and the one a serving container answers on. */
public final class Ports {

    /** {@code GET /metrics} (Prometheus) and {@code GET /progress} (JSON). */
    public static final int OBSERVE = 8080;
    /** The gradient exchange; every call carries the job's token. */
    public static final int EXCHANGE = 9090;

    public static final String OBSERVE_NAME = "observe";
    public static final String EXCHANGE_NAME = "exchange";

    /** Paths served on {@link #OBSERVE}. */
    public static final String METRICS_PATH = "/metrics";

    public static final String PROGRESS_PATH = "/progress";

    /**
     * SageMaker's inference port: {@code fovea serve} answers {@code GET /ping}, {@code POST /invocations} and
     * {@code GET /metrics} on it ({@code SAGEMAKER_BIND_TO_PORT} overrides).
     */
    public static final int INFERENCE = 8080;

    public static final String INFERENCE_NAME = "http";
    public static final String PING_PATH = "/ping";
    public static final String INVOCATIONS_PATH = "/invocations";

    private Ports() {}

    /** "127.0.0.1:9090", or "*:9090" for every interface: a listening address as messages show it. */
    public static String describe(InetSocketAddress address) {
        String host = address.getAddress() == null
                ? address.getHostString()
                : address.getAddress().isAnyLocalAddress()
                        ? "*"
                        : address.getAddress().getHostAddress();
        return host + ":" + address.getPort();
    }
}
