package dev.fovea.trainer.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.ParameterTracker;

/**
 * Nesterov accelerated gradient, MXNet's {@code nag_mom_update}: with {@code g = rescale * grad +
 * wd * w}, {@code m = momentum * m + g; w -= lr * (g + momentum * m)}. DJL has no NAG on PyTorch,
 * so this uses in-place tensor ops.
 */
public final class Nag extends FoveaOptimizer {

    static final String MOMENTUM = "momentum";

    private final float momentum;

    public Nag(ParameterTracker learningRate, float rescaleGrad, float weightDecay, float momentum) {
        super(learningRate, rescaleGrad, weightDecay);
        this.momentum = momentum;
    }

    @Override
    public int slotsPerParameter() {
        return 1;
    }

    @Override
    protected void apply(String parameterId, NDArray weight, NDArray grad, float lr, int count) {
        NDArray m = slot(MOMENTUM, parameterId, weight);
        try (NDArray g = rescaledGradient(parameterId, weight, grad)) {
            m.muli(momentum).addi(g);
            try (NDArray lookAhead = m.mul(momentum)) {
                weight.subi(g.addi(lookAhead).muli(lr));
            }
        }
        clearGradient(weight);
    }
}
