package dev.fovea.trainer.optimizer;

import ai.djl.training.tracker.ParameterTracker;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.schedule.LearningRateSchedules;

/** Creates the optimizer SageMaker's {@code optimizer} hyperparameter names. */
public final class Optimizers {

    private Optimizers() {}

    /** The job's optimizer, with the learning-rate schedule of {@code hp} over epochs of {@code batchesPerEpoch}. */
    public static FoveaOptimizer forJob(ResolvedHyperParameters hp, int batchesPerEpoch) {
        return create(hp, LearningRateSchedules.create(hp, batchesPerEpoch), 1f);
    }

    /**
     * The optimizer of a dist_async shard server, which applies one update per host per step (see
     * {@link LearningRateSchedules#forShardServer}).
     */
    public static FoveaOptimizer forShardServer(ResolvedHyperParameters hp, int hostBatchesPerEpoch, int hostCount) {
        return create(hp, LearningRateSchedules.forShardServer(hp, hostBatchesPerEpoch, hostCount), 1f);
    }

    /**
     * Creates the optimizer of {@code hp}. As SageMaker documents, {@code momentum} and {@code weightDecay} apply to
     * sgd and nag only, {@code beta1}/{@code beta2} to adam, {@code gamma} to rmsprop and {@code eps} to adam and
     * rmsprop.
     *
     * @param learningRate the learning-rate schedule
     * @param rescaleGrad the factor gradients are multiplied by first (usually 1 / batch size when the loss is summed,
     *     1 when it is averaged)
     * @return the optimizer
     */
    public static FoveaOptimizer create(ResolvedHyperParameters hp, ParameterTracker learningRate, float rescaleGrad) {
        float weightDecay = (float) hp.weightDecay();
        return switch (hp.optimizer()) {
            case SGD -> new Sgd(learningRate, rescaleGrad, weightDecay, (float) hp.momentum());
            case NAG -> new Nag(learningRate, rescaleGrad, weightDecay, (float) hp.momentum());
            case ADAM ->
                new Adam(learningRate, rescaleGrad, 0f, (float) hp.beta1(), (float) hp.beta2(), (float) hp.eps());
            case RMSPROP -> new RmsProp(learningRate, rescaleGrad, 0f, (float) hp.gamma(), (float) hp.eps());
        };
    }
}
