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
     */
    record Resume(String checkpoint, int finishedEpochs, long steps) {}
}
