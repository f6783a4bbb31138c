package dev.fovea.trainer.train.listener;

import dev.fovea.trainer.train.EpochMetrics;
import dev.fovea.trainer.train.RunListener;
import dev.fovea.trainer.train.checkpoint.CheckpointState;
import dev.fovea.trainer.train.checkpoint.Checkpoints;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a checkpoint every {@code checkpointFrequency} epochs, or, when the job leaves it unset, whenever validation
 * accuracy reaches a new best (SageMaker's behaviour; without a validation channel, after the last epoch). Every host
 * runs it, so that all of them synchronise their weights at the same point; only rank 0 writes, into the one
 * directory all hosts resume from.
 */
public final class CheckpointListener implements RunListener {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointListener.class);

    private final Checkpoints checkpoints;
    private final OptionalInt frequency;
    private final int epochs;
    private final EarlyStopping validationRecord;
    private final IntFunction<CheckpointState> stateAfterEpoch;
    private final Runnable synchronize;
    private final boolean writes;
    private final Consumer<Path> written;

    /**
     * @param frequency the {@code checkpointFrequency} hyperparameter; empty for best-validation checkpoints
     * @param validationRecord judges whether an epoch improved validation accuracy
     * @param stateAfterEpoch the state to store after the given epoch
     * @param synchronize makes this host's weights the complete model (the exchange's part), on every host
     * @param writes whether this host writes (rank 0)
     * @param written told each checkpoint directory written (progress reports the last one)
     */
    public CheckpointListener(
            Checkpoints checkpoints,
            OptionalInt frequency,
            int epochs,
            EarlyStopping validationRecord,
            IntFunction<CheckpointState> stateAfterEpoch,
            Runnable synchronize,
            boolean writes,
            Consumer<Path> written) {
        this.checkpoints = checkpoints;
        this.frequency = frequency;
        this.epochs = epochs;
        this.validationRecord = validationRecord;
        this.stateAfterEpoch = stateAfterEpoch;
        this.synchronize = synchronize;
        this.writes = writes;
        this.written = written;
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        if (!due(metrics)) {
            return;
        }
        synchronize.run();
        if (writes) {
            Path directory = checkpoints.save(stateAfterEpoch.apply(metrics.epoch()));
            LOG.info("Saved checkpoint {}", directory);
            written.accept(directory);
        }
    }

    private boolean due(EpochMetrics metrics) {
        int completed = metrics.epoch() + 1;
        if (frequency.isPresent()) {
            return completed % frequency.getAsInt() == 0;
        }
        if (metrics.validationAccuracy().isPresent()) {
            return validationRecord.epochsWithoutImprovement() == 0;
        }
        return completed == epochs;
    }
}
