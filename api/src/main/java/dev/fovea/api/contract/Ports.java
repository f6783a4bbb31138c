package dev.fovea.api.contract;

/** The ports every trainer host listens on. */
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

    private Ports() {}
}
