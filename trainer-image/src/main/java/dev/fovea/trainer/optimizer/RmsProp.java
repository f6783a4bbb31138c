package dev.fovea.trainer.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.ParameterTracker;

/**
 * RMSProp as MXNet's non-centred {@code rmsprop_update}: {@code n = gamma * n + (1 - gamma) * g^2;
 * w -= lr * g / sqrt(n + eps)} (epsilon inside the square root), with {@code gamma} SageMaker's
 * decay factor (MXNet's {@code gamma1}). DJL has no RMSProp on PyTorch, so this uses in-place
 * tensor ops.
 */
public final class RmsProp extends FoveaOptimizer {

    static final String MEAN_SQUARE = "meanSquare";

    private final float gamma;
    private final float epsilon;

    public RmsProp(ParameterTracker learningRate, float rescaleGrad, float weightDecay, float gamma, float epsilon) {
        super(learningRate, rescaleGrad, weightDecay);
        this.gamma = gamma;
        this.epsilon = epsilon;
    }

    @Override
    public int slotsPerParameter() {
        return 1;
    }

    @Override
    protected void apply(String parameterId, NDArray weight, NDArray grad, float lr, int count) {
        NDArray n = slot(MEAN_SQUARE, parameterId, weight);
        try (NDArray g = rescaledGradient(parameterId, weight, grad);
                NDArray gSquared = g.square()) {
            n.muli(gamma).addi(gSquared.muli(1 - gamma));
            try (NDArray rms = n.add(epsilon).powi(0.5f)) {
                weight.subi(g.muli(lr).divi(rms));
            }
        }
        clearGradient(weight);
    }
}
