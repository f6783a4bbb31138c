package dev.fovea.trainer.schedule;

import ai.djl.training.tracker.Tracker;
import dev.fovea.api.spec.HyperParameters;
import java.util.Arrays;
import java.util.List;

/**
 * The learning-rate schedule of SageMaker's {@code learning_rate}, {@code lr_scheduler_step} and
 * {@code lr_scheduler_factor}, converted from epochs to update counts as MXNet's image
 * classification {@code fit.py} does: the rate is multiplied by the factor from the first update
 * of each listed epoch (0-based: step 10 means after ten full epochs).
 */
public final class LearningRateSchedules {

    private LearningRateSchedules() {}

    /**
     * Creates the schedule. Its value depends only on the update count, so resuming at update
     * {@code n} is just continuing to count from {@code n}.
     *
     * @param hp hyperparameters after {@code HyperParameterContract.withDefaults}
     * @param batchesPerEpoch the number of optimizer updates in one epoch
     * @return the schedule, constant when {@code lrSchedulerStep} is unset
     * @throws IllegalArgumentException naming the field on a value it cannot use
     */
    public static Tracker create(HyperParameters hp, int batchesPerEpoch) {
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("batchesPerEpoch=" + batchesPerEpoch + " must be at least 1");
        }
        if (hp.getLearningRate() == null) {
            throw new IllegalArgumentException(
                    "learningRate is unset; apply HyperParameterContract.withDefaults first");
        }
        float learningRate = hp.getLearningRate().floatValue();
        List<Integer> epochs = stepEpochs(hp.getLrSchedulerStep());
        if (epochs.isEmpty()) {
            return Tracker.fixed(learningRate);
        }
        if (hp.getLrSchedulerFactor() == null) {
            throw new IllegalArgumentException("lrSchedulerFactor is unset while lrSchedulerStep is set");
        }
        List<Integer> steps = epochs.stream().map(epoch -> epoch * batchesPerEpoch).toList();
        return new MultiFactorSchedule(learningRate, hp.getLrSchedulerFactor().floatValue(), steps);
    }

    /**
     * Parses {@code lrSchedulerStep}, e.g. {@code "10, 20"}.
     *
     * @param value the comma-separated epochs, or null/blank for none
     * @return the epochs, ascending
     * @throws IllegalArgumentException naming the field when they are not ascending positive integers
     */
    static List<Integer> stepEpochs(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            List<Integer> epochs = Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
            for (int i = 0; i < epochs.size(); i++) {
                if (epochs.get(i) < 1 || (i > 0 && epochs.get(i) <= epochs.get(i - 1))) {
                    throw new NumberFormatException();
                }
            }
            return epochs;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "lrSchedulerStep=\"" + value
                            + "\" must be ascending positive epochs separated by commas, e.g. \"10, 20\"",
                    e);
        }
    }
}
