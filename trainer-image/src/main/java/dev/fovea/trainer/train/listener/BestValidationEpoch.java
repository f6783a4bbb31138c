package dev.fovea.trainer.train.listener;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.fovea.trainer.train.EpochMetrics;
import dev.fovea.trainer.train.RunListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Keeps a copy of the parameters of the best-validation epoch, so that it becomes the model when the job leaves
 * {@code checkpoint_frequency} unset (SageMaker's rule). An epoch counts as best exactly when the {@link
 * CheckpointListener} checkpoints it under that rule, which it tells after making the weights the complete model; so
 * the copy is always the newest best-validation checkpoint's parameters. Runs after the checkpoint listener.
 */
public final class BestValidationEpoch implements RunListener {

    private final Block block;
    private final NDManager manager;
    private final EarlyStopping validationRecord;
    private byte[] parameters;
    private Best best;

    /** An epoch and its validation accuracy. */
    public record Best(int epoch, double validationAccuracy) {}

    public BestValidationEpoch(Block block, NDManager manager, EarlyStopping validationRecord) {
        this.block = block;
        this.manager = manager;
        this.validationRecord = validationRecord;
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        if (metrics.validationAccuracy().isPresent() && validationRecord.epochsWithoutImprovement() == 0) {
            remember(new Best(metrics.epoch(), metrics.validationAccuracy().getAsDouble()));
        }
    }

    /** Copies the block's current parameters as those of {@code epoch} (also a resumed best checkpoint's). */
    public void remember(Best epoch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the parameters of epoch " + epoch.epoch(), e);
        }
        parameters = bytes.toByteArray();
        best = epoch;
    }

    /** Loads the best epoch's parameters into the block; returns that epoch, or empty when none was validated. */
    public Optional<Best> restore() {
        if (best == null) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            block.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot restore the parameters of epoch " + best.epoch(), e);
        }
        return Optional.of(best);
    }
}
