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
        return create(hp, batchesPerEpoch, 1);
    }

    /**
     * The schedule of a dist_async shard server. Each of the {@code hostCount} hosts pushes one gradient per step,
     * so the server updates every parameter {@code hostCount} times per step: each of those updates takes
     * {@code 1/hostCount} of the rate, and an epoch is {@code hostCount} times as many updates. An epoch of
     * dist_async training thus moves the weights as far as an epoch of dist_sync at the same global batch, and the
     * rate drops at the same epochs (MXNet's servers, which apply every push at the full rate, take N times larger
     * steps: with momentum 0.9 that diverges).
     *
     * @param hp hyperparameters after {@code HyperParameterContract.withDefaults}
     * @param hostBatchesPerEpoch the number of steps one host makes in one epoch
     * @param hostCount the number of hosts pushing to the server
     * @return the schedule of the server's updates
     */
    public static Tracker forShardServer(HyperParameters hp, int hostBatchesPerEpoch, int hostCount) {
        if (hostCount < 1) {
            throw new IllegalArgumentException("hostCount=" + hostCount + " must be at least 1");
        }
        return create(hp, hostBatchesPerEpoch * hostCount, hostCount);
    }

    private static Tracker create(HyperParameters hp, int batchesPerEpoch, int rateDivisor) {
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("batchesPerEpoch=" + batchesPerEpoch + " must be at least 1");
        }
        if (hp.getLearningRate() == null) {
            throw new IllegalArgumentException(
                    "learningRate is unset; apply HyperParameterContract.withDefaults first");
        }
        float learningRate = hp.getLearningRate().floatValue() / rateDivisor;
        List<Integer> epochs = stepEpochs(hp.getLrSchedulerStep());
        if (epochs.isEmpty()) {
            return Tracker.fixed(learningRate);
        }
        if (hp.getLrSchedulerFactor() == null) {
            throw new IllegalArgumentException("lrSchedulerFactor is unset while lrSchedulerStep is set");
        }
        List<Integer> steps =
                epochs.stream().map(epoch -> epoch * batchesPerEpoch).toList();
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
            List<Integer> epochs = Arrays.stream(value.split(","))
                    .map(String::trim)
                    .map(Integer::valueOf)
                    .toList();
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
