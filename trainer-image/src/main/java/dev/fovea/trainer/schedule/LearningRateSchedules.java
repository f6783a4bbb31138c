package dev.fovea.trainer.schedule;

import ai.djl.training.tracker.Tracker;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import java.util.List;

/**
 * The learning-rate schedule of SageMaker's {@code learning_rate}, {@code lr_scheduler_step} and
 * {@code lr_scheduler_factor}, converted from epochs to update counts as MXNet's image
 * classification {@code fit.py} does: an epoch is {@link EpochSize#stepsPerEpoch} updates, and the rate is multiplied
 * by the factor from the first update after each listed epoch (step 10 means after ten epochs' updates).
 */
public final class LearningRateSchedules {

    private LearningRateSchedules() {}

    /**
     * Creates the schedule. Its value depends only on the update count, so resuming at update
     * {@code n} is just continuing to count from {@code n}.
     *
     * @param batchesPerEpoch the number of optimizer updates in one epoch ({@link EpochSize#stepsPerEpoch})
     * @return the schedule, constant when {@code lrSchedulerStep} is unset
     */
    public static Tracker create(ResolvedHyperParameters hp, int batchesPerEpoch) {
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
     * @param hostBatchesPerEpoch the number of steps one host makes in one epoch
     * @param hostCount the number of hosts pushing to the server
     * @return the schedule of the server's updates
     */
    public static Tracker forShardServer(ResolvedHyperParameters hp, int hostBatchesPerEpoch, int hostCount) {
        if (hostCount < 1) {
            throw new IllegalArgumentException("hostCount=" + hostCount + " must be at least 1");
        }
        return create(hp, hostBatchesPerEpoch * hostCount, hostCount);
    }

    private static Tracker create(ResolvedHyperParameters hp, int batchesPerEpoch, int rateDivisor) {
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("batchesPerEpoch=" + batchesPerEpoch + " must be at least 1");
        }
        float learningRate = (float) hp.learningRate() / rateDivisor;
        if (hp.lrSchedulerStep().isEmpty()) {
            return Tracker.fixed(learningRate);
        }
        List<Integer> steps = hp.lrSchedulerStep().stream()
                .map(epoch -> epoch * batchesPerEpoch)
                .toList();
        return new MultiFactorSchedule(learningRate, (float) hp.lrSchedulerFactor(), steps);
    }
}
