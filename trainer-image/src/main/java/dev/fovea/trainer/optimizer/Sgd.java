package dev.fovea.trainer.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.tracker.ParameterTracker;

/**
 * SGD with momentum, MXNet's {@code sgd_mom_update}: {@code v = momentum * v - lr * (rescale *
 * grad + wd * w); w += v}. One fused native call per parameter (DJL's PyTorch {@code sgdUpdate},
 * which keeps {@code -v} as its state).
 */
public final class Sgd extends FoveaOptimizer {

    static final String MOMENTUM = "momentum";

    private final float momentum;

    public Sgd(ParameterTracker learningRate, float rescaleGrad, float weightDecay, float momentum) {
        super(learningRate, rescaleGrad, weightDecay);
        this.momentum = momentum;
    }

    @Override
    public int slotsPerParameter() {
        return momentum == 0f ? 0 : 1;
    }

    @Override
    protected void apply(String parameterId, NDArray weight, NDArray grad, float lr, int count) {
        NDList inputs = momentum == 0f
                ? new NDList(weight, grad)
                : new NDList(weight, grad, slot(MOMENTUM, parameterId, weight));
        weight.getNDArrayInternal()
                .sgdUpdate(inputs, new NDList(weight), lr, weightDecay(parameterId), rescaleGrad, -1f, momentum, false);
    }
}
