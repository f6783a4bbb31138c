package dev.fovea.trainer.observe;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.fovea.trainer.train.EpochMetrics;
import dev.fovea.trainer.train.RunListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * The trainer's Prometheus metrics, tagged with {@code job} and {@code host}: epoch, step, accuracies, loss,
 * images/s and the time the loop waited for data. The exchange registers its own meters on {@link #registry()}.
 */
public final class TrainerMetrics extends TrainingListenerAdapter implements RunListener {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong step = new AtomicLong();
    private final Counter images;
    private volatile double epoch;
    private volatile double trainAccuracy = Double.NaN;
    private volatile double trainTopK = Double.NaN;
    private volatile double trainLoss = Double.NaN;
    private volatile double validationAccuracy = Double.NaN;
    private volatile double validationTopK = Double.NaN;
    private volatile double imagesPerSecond;

    /**
     * @param dataWaitSeconds total seconds the loop has waited for decoded batches (the data pipeline's statistic)
     */
    public TrainerMetrics(String job, String host, int totalEpochs, DoubleSupplier dataWaitSeconds) {
        registry.config().commonTags(Tags.of("job", job, "host", host));
        gauge("fovea_epoch", "Epochs finished on this host", () -> epoch);
        gauge("fovea_epochs_total", "Epochs the job trains for", () -> totalEpochs);
        gauge("fovea_step", "Optimizer steps done on this host", step::get);
        gauge("fovea_train_accuracy", "Training accuracy of the last epoch", () -> trainAccuracy);
        gauge("fovea_train_top_k_accuracy", "Training top-k accuracy of the last epoch", () -> trainTopK);
        gauge("fovea_train_loss", "Mean training loss of the last epoch", () -> trainLoss);
        gauge("fovea_validation_accuracy", "Validation accuracy of the last epoch", () -> validationAccuracy);
        gauge("fovea_validation_top_k_accuracy", "Validation top-k accuracy of the last epoch", () -> validationTopK);
        gauge("fovea_images_per_second", "Training throughput of the last epoch on this host", () -> imagesPerSecond);
        gauge("fovea_data_wait_seconds", "Seconds the training loop waited for decoded batches", dataWaitSeconds);
        images = Counter.builder("fovea_images")
                .description("Training images processed on this host")
                .register(registry);
    }

    private void gauge(String name, String description, DoubleSupplier value) {
        // strongly referenced: Micrometer holds gauge state weakly, and these lambdas have no other owner
        Gauge.builder(name, value, DoubleSupplier::getAsDouble)
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        step.incrementAndGet();
        images.increment(batchData.getBatch().getSize());
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        epoch = metrics.epoch() + 1;
        trainAccuracy = metrics.trainAccuracy();
        trainTopK = orNaN(metrics.trainTopKAccuracy());
        trainLoss = metrics.trainLoss();
        validationAccuracy = orNaN(metrics.validationAccuracy());
        validationTopK = orNaN(metrics.validationTopKAccuracy());
        imagesPerSecond = metrics.imagesPerSecond();
    }

    /** Continues the epoch and step counts of a resumed run where the checkpoint left them. */
    @Override
    public void onResumed(Resume resume) {
        epoch = resume.finishedEpochs();
        step.set(resume.steps());
    }

    private static double orNaN(OptionalDouble value) {
        return value.orElse(Double.NaN);
    }
}
