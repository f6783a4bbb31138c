package dev.fovea.trainer.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.tracker.ParameterTracker;

/**
 * Adam as MXNet implements it: the bias correction folds into the step size, {@code lr_t = lr *
 * sqrt(1 - beta2^t) / (1 - beta1^t)}, and epsilon is added to {@code sqrt(v)} uncorrected: {@code w
 * -= lr_t * m / (sqrt(v) + eps)}. One fused native call per parameter (DJL's PyTorch {@code
 * adamUpdate}).
 */
public final class Adam extends FoveaOptimizer {

    static final String MEAN = "mean";
    static final String VARIANCE = "variance";

    private final float beta1;
    private final float beta2;
    private final float epsilon;

    public Adam(
            ParameterTracker learningRate,
            float rescaleGrad,
            float weightDecay,
            float beta1,
            float beta2,
            float epsilon) {
        super(learningRate, rescaleGrad, weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public int slotsPerParameter() {
        return 2;
    }

    @Override
    protected void apply(String parameterId, NDArray weight, NDArray grad, float lr, int count) {
        double correction = Math.sqrt(1 - Math.pow(beta2, count)) / (1 - Math.pow(beta1, count));
        NDList inputs = new NDList(weight, grad, slot(MEAN, parameterId, weight), slot(VARIANCE, parameterId, weight));
        weight.getNDArrayInternal()
                .adamUpdate(
                        inputs,
                        new NDList(weight),
                        lr,
                        (float) (lr * correction),
                        weightDecay(parameterId),
                        rescaleGrad,
                        -1f,
                        beta1,
                        beta2,
                        epsilon,
                        false,
                        false);
    }
}
