package dev.fovea.trainer.train;

import java.nio.file.Path;

/**
 * Told about a run's milestones by the {@link TrainingRun}, in registration order: the SageMaker log lines, the
 * metrics and the progress all follow the same events. Per-batch events go through DJL's
 * {@link ai.djl.training.listener.TrainingListener} instead.
 */
public interface RunListener {

    /** The run continues from a checkpoint; told once, before its first epoch. */
    default void onResumed(Resume resume) {}

    /**
     * Checkpoints were passed over (damaged, incomplete, or written for another network); told once, before the
     * first epoch, whether the run resumed from an older checkpoint or started over.
     *
     * @param notice what happened, naming each checkpoint skipped and why
     */
    default void onCheckpointsSkipped(String notice) {}

    /** An epoch finished (early stopping has judged it already). */
    default void onEpochEnd(EpochMetrics metrics) {}

    /** A complete checkpoint was written (on the host that writes them). */
    default void onCheckpointWritten(Path directory) {}

    /**
     * Where a resumed run starts.
     *
     * @param checkpoint the name of the checkpoint directory it resumed from
     * @param finishedEpochs the epochs done before it, the number of the first epoch it trains
     * @param steps the optimizer steps done before it
     * @param bestValidationAccuracy the best validation accuracy of the epochs before it, or {@code null} when none
     *     was measured
     */
    record Resume(String checkpoint, int finishedEpochs, long steps, Double bestValidationAccuracy) {}
}
