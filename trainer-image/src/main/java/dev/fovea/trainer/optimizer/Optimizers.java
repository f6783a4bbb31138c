package dev.fovea.trainer.optimizer;

import ai.djl.training.tracker.ParameterTracker;
import dev.fovea.api.spec.HyperParameters;

/** Creates the optimizer SageMaker's {@code optimizer} hyperparameter names. */
public final class Optimizers {

    private Optimizers() {}

    /**
     * Creates the optimizer of {@code hp}. As SageMaker documents, {@code momentum} and {@code
     * weightDecay} apply to sgd and nag only, {@code beta1}/{@code beta2} to adam, {@code gamma} to
     * rmsprop and {@code eps} to adam and rmsprop.
     *
     * @param hp hyperparameters after {@code HyperParameterContract.withDefaults}
     * @param learningRate the learning-rate schedule
     * @param rescaleGrad the factor gradients are multiplied by first (usually 1 / batch size when
     *     the loss is summed, 1 when it is averaged)
     * @return the optimizer
     * @throws IllegalArgumentException naming the field when a value it needs is unset
     */
    public static FoveaOptimizer create(HyperParameters hp, ParameterTracker learningRate, float rescaleGrad) {
        var optimizer = required(hp.getOptimizer(), "optimizer");
        return switch (optimizer) {
            case SGD -> new Sgd(learningRate, rescaleGrad, weightDecay(hp), number(hp.getMomentum(), "momentum"));
            case NAG -> new Nag(learningRate, rescaleGrad, weightDecay(hp), number(hp.getMomentum(), "momentum"));
            case ADAM ->
                new Adam(
                        learningRate,
                        rescaleGrad,
                        0f,
                        number(hp.getBeta1(), "beta1"),
                        number(hp.getBeta2(), "beta2"),
                        number(hp.getEps(), "eps"));
            case RMSPROP ->
                new RmsProp(learningRate, rescaleGrad, 0f, number(hp.getGamma(), "gamma"), number(hp.getEps(), "eps"));
        };
    }

    private static float weightDecay(HyperParameters hp) {
        return number(hp.getWeightDecay(), "weightDecay");
    }

    private static float number(Double value, String field) {
        return required(value, field).floatValue();
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(
                    field + " is unset; apply HyperParameterContract.withDefaults before creating the optimizer");
        }
        return value;
    }
}
