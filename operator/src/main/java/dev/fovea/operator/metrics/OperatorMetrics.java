package dev.fovea.operator.metrics;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.status.JobPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The operator's Prometheus series. Tags are phases and failure reasons only — never job names — so the number of
 * series does not grow with the number of jobs; per-job series come from the trainers.
 */
@ApplicationScoped
public class OperatorMetrics {

    private final MeterRegistry registry;
    private final Timer reconcileDuration;
    private final Timer timeToFirstRunningPod;
    private final Counter created;
    private final Counter succeeded;
    private final Counter restarted;

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.reconcileDuration = Timer.builder("fovea.reconcile.duration")
                .description("Time one reconcile of an ImageClassificationJob takes")
                .register(registry);
        this.timeToFirstRunningPod = Timer.builder("fovea.job.time.to.running")
                .description("Time from a job's creation until its first trainer pod runs")
                .register(registry);
        this.created = Counter.builder("fovea.jobs.created")
                .description("Jobs seen for the first time")
                .register(registry);
        this.succeeded = Counter.builder("fovea.jobs.succeeded")
                .description("Jobs that finished training")
                .register(registry);
        this.restarted = Counter.builder("fovea.jobs.restarted")
                .description("Gang restarts of any job")
                .register(registry);
    }

    /** Registers one gauge per phase over the operator's cache of jobs (read when Prometheus scrapes). */
    public void watchPhases(Supplier<Stream<ImageClassificationJob>> jobs) {
        for (JobPhase phase : JobPhase.values()) {
            Gauge.builder(
                            "fovea.jobs",
                            () -> jobs.get()
                                    .filter(job -> phaseOf(job) == phase)
                                    .count())
                    .description("ImageClassificationJobs by phase")
                    .tag("phase", phase.name())
                    .register(registry);
        }
    }

    public Timer reconcileTimer() {
        return reconcileDuration;
    }

    public void jobCreated() {
        created.increment();
    }

    public void jobSucceeded() {
        succeeded.increment();
    }

    public void jobFailed(String reason) {
        Counter.builder("fovea.jobs.failed")
                .description("Jobs that ended Failed, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void gangRestarted() {
        restarted.increment();
    }

    public void firstPodRunning(Duration sinceCreation) {
        timeToFirstRunningPod.record(sinceCreation);
    }

    private static JobPhase phaseOf(ImageClassificationJob job) {
        return job.getStatus() == null ? null : job.getStatus().getPhase();
    }
}
