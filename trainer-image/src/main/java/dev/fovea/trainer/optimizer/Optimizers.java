package dev.fovea.trainer.optimizer;

import ai.djl.training.tracker.ParameterTracker;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.schedule.LearningRateSchedules;
import java.util.function.Predicate;

/**
 * Creates the optimizer SageMaker's {@code optimizer} hyperparameter names, with MXNet's gradient scaling: DJL sums
 * the gradients of a host's devices, each the mean over its share of the batch, so the optimizer rescales them by
 * {@code 1 / devices} to the mean over the host's {@code mini_batch_size} images (MXNet's {@code rescale_grad}).
 */
public final class Optimizers {

    private Optimizers() {}

    /**
     * The job's optimizer.
     *
     * @param stepsPerEpoch the updates SageMaker counts as an epoch, for the learning-rate schedule
     * @param devices the devices a host trains on, whose gradients DJL sums
     * @param decayed the parameters weight decay applies to ({@link WeightDecayScope})
     */
    public static FoveaOptimizer forJob(
            ResolvedHyperParameters hp, int stepsPerEpoch, int devices, Predicate<String> decayed) {
        return create(hp, LearningRateSchedules.create(hp, stepsPerEpoch), 1f / devices)
                .decayOnly(decayed);
    }

    /**
     * The optimizer of a dist_async shard server, which applies one update per host per step (see
     * {@link LearningRateSchedules#forShardServer}) to the device-summed gradient each host pushes.
     */
    public static FoveaOptimizer forShardServer(
            ResolvedHyperParameters hp, int stepsPerEpoch, int hostCount, int devices, Predicate<String> decayed) {
        return create(hp, LearningRateSchedules.forShardServer(hp, stepsPerEpoch, hostCount), 1f / devices)
                .decayOnly(decayed);
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
