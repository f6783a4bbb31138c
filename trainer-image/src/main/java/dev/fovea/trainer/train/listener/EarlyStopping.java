package dev.fovea.trainer.train.listener;

import dev.fovea.trainer.train.EpochMetrics;
import dev.fovea.trainer.train.RunListener;
import java.util.OptionalDouble;

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
    private OptionalDouble best = OptionalDouble.empty();
    private double baseline;
    private int epochsWithoutImprovement;
    private boolean stop;

    public EarlyStopping(boolean enabled, int minEpochs, int patience, double tolerance) {
        this.enabled = enabled;
        this.minEpochs = minEpochs;
        this.patience = patience;
        this.tolerance = tolerance;
    }

    /**
     * Continues from a checkpoint.
     *
     * @param best the best validation accuracy so far
     * @param baseline the accuracy an epoch must improve on (it trails the best when improvements were below tolerance)
     * @param epochsWithoutImprovement the run of epochs without improvement so far
     */
    public void restore(OptionalDouble best, double baseline, int epochsWithoutImprovement) {
        this.best = best;
        this.baseline = baseline;
        this.epochsWithoutImprovement = epochsWithoutImprovement;
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        if (metrics.validationAccuracy().isEmpty()) {
            return;
        }
        double accuracy = metrics.validationAccuracy().getAsDouble();
        if (best.isEmpty() || accuracy > best.getAsDouble()) {
            best = OptionalDouble.of(accuracy);
        }
        if (improves(accuracy)) {
            baseline = accuracy;
            epochsWithoutImprovement = 0;
        } else {
            epochsWithoutImprovement++;
        }
        stop = enabled && metrics.epoch() + 1 >= minEpochs && epochsWithoutImprovement >= patience;
    }

    private boolean improves(double accuracy) {
        if (accuracy <= baseline) {
            return false;
        }
        return baseline == 0 || (accuracy - baseline) / baseline >= tolerance;
    }

    /** Whether the last epoch ended the training. */
    public boolean shouldStop() {
        return stop;
    }

    /** The best validation accuracy of any epoch so far, restored ones included; empty before the first. */
    public OptionalDouble bestValidationAccuracy() {
        return best;
    }

    /** The accuracy the next epoch must improve on. */
    public double improvementBaseline() {
        return baseline;
    }

    public int epochsWithoutImprovement() {
        return epochsWithoutImprovement;
    }
}
