package dev.fovea.trainer.inference.http;

import dev.fovea.trainer.inference.DynamicBatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's Prometheus metrics ({@code GET /metrics}): requests by path and status with a latency histogram,
 * requests in flight, batch sizes, the time images wait for their batch, and how long the model took to load.
 */
public final class ServeMetrics implements DynamicBatcher.Observer {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile double modelLoadSeconds = Double.NaN;
    private final DistributionSummary batchSize;
    private final Timer queueTime;
    private final Counter refusedConnections;

    /** @param maxBatchSize the largest batch, the top of the batch-size histogram */
    public ServeMetrics(int maxBatchSize) {
        Gauge.builder("fovea.serve.in.flight.requests", inFlight, AtomicInteger::get)
                .description("Requests received and not yet answered")
                .register(registry);
        Gauge.builder("fovea.serve.model.load", this, metrics -> metrics.modelLoadSeconds)
                .description("Seconds the model took to load and warm up (NaN until it has)")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
        batchSize = DistributionSummary.builder("fovea.serve.batch.size")
                .description("Images per forward pass")
                .serviceLevelObjectives(powersOfTwoUpTo(maxBatchSize))
                .register(registry);
        queueTime = Timer.builder("fovea.serve.queue")
                .description("Time an image waited between its preparation and the start of its batch")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        refusedConnections = Counter.builder("fovea.serve.connections.refused")
                .description("Connections closed at once because max-connections were open")
                .register(registry);
    }

    private static double[] powersOfTwoUpTo(int max) {
        int count = 32 - Integer.numberOfLeadingZeros(max);
        double[] bounds = new double[count + 1];
        for (int i = 0; i < count; i++) {
            bounds[i] = 1 << i;
        }
        bounds[count] = max;
        return bounds;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    /** One request answered: {@code path} is one of the served paths or "other". */
    void requestFinished(String path, int status, long nanos) {
        inFlight.decrementAndGet();
        Timer.builder("fovea.serve.requests")
                .description("Requests answered, by path and HTTP status, from the first byte to the answer")
                .tags("path", path, "status", Integer.toString(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A request's connection closed before it was answered. */
    void requestAbandoned() {
        inFlight.decrementAndGet();
    }

    /** Requests received and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    void connectionRefused() {
        refusedConnections.increment();
    }

    public void modelLoaded(double seconds) {
        modelLoadSeconds = seconds;
    }

    @Override
    public void batchStarted(int size, long[] queuedNanos) {
        batchSize.record(size);
        for (long nanos : queuedNanos) {
            queueTime.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
