package dev.fovea.trainer.train;

/**
 * Told about each finished epoch by the {@link TrainLoop}, in registration order: log lines, progress, checkpoints.
 * Per-batch events go through DJL's {@link ai.djl.training.listener.TrainingListener} instead.
 */
@FunctionalInterface
public interface EpochListener {

    void onEpochEnd(EpochMetrics metrics);
}
