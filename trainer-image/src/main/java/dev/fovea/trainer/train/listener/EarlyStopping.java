package dev.fovea.trainer.train.listener;

import dev.fovea.trainer.train.EpochMetrics;
import dev.fovea.trainer.train.RunListener;

/**
 * SageMaker's early stopping on validation accuracy: after at least {@code minEpochs} epochs, stop when
 * {@code patience} epochs in a row brought no improvement. An epoch improves when its validation accuracy beats the
 * best so far by a relative margin of at least {@code tolerance} ({@code (acc - best) / best >= tolerance}).
 * Without a validation channel there is nothing to judge, and training runs all its epochs.
 */
public final class EarlyStopping implements RunListener {

    private final boolean enabled;
    private final int minEpochs;
    private final int patience;
    private final double tolerance;
    private double best;
    private int epochsWithoutImprovement;
    private boolean stop;

    public EarlyStopping(boolean enabled, int minEpochs, int patience, double tolerance) {
        this.enabled = enabled;
        this.minEpochs = minEpochs;
        this.patience = patience;
        this.tolerance = tolerance;
    }

    /** Continues from a checkpoint: the best accuracy and the run of epochs without improvement so far. */
    public void restore(double bestValidationAccuracy, int epochsWithoutImprovement) {
        this.best = bestValidationAccuracy;
        this.epochsWithoutImprovement = epochsWithoutImprovement;
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        if (metrics.validationAccuracy().isEmpty()) {
            return;
        }
        double accuracy = metrics.validationAccuracy().getAsDouble();
        if (improves(accuracy)) {
            best = accuracy;
            epochsWithoutImprovement = 0;
        } else {
            epochsWithoutImprovement++;
        }
        stop = enabled && metrics.epoch() + 1 >= minEpochs && epochsWithoutImprovement >= patience;
    }

    private boolean improves(double accuracy) {
        if (accuracy <= best) {
            return false;
        }
        return best == 0 || (accuracy - best) / best >= tolerance;
    }

    /** Whether the last epoch ended the training. */
    public boolean shouldStop() {
        return stop;
    }

    public double bestValidationAccuracy() {
        return best;
    }

    public int epochsWithoutImprovement() {
        return epochsWithoutImprovement;
    }
}
