package dev.fovea.api.contract;

/**
 * The names of {@code serve}'s metrics that something outside the serving container reads: the endpoint's
 * HorizontalPodAutoscaler scales on requests in flight, as a custom-metrics adapter (e.g. prometheus-adapter) serves
 * them from Prometheus. The trainer image's {@code ServeMetrics} registers the Micrometer name.
 */
public final class ServingMetricNames {

    /** Micrometer's name of the gauge of requests received and not yet answered. */
    public static final String IN_FLIGHT_REQUESTS = "fovea.serve.in.flight.requests";
    /** The same gauge as Prometheus (and a custom-metrics adapter) names it. */
    public static final String IN_FLIGHT_REQUESTS_PROMETHEUS = "fovea_serve_in_flight_requests";

    private ServingMetricNames() {}
}
