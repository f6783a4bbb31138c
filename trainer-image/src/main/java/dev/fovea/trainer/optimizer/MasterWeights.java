package dev.fovea.trainer.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.fovea.trainer.exchange.params.InPlace;
import dev.fovea.trainer.exchange.params.NoGrad;

/**
 * Mixed-precision updates as MXNet's {@code multi_precision} optimizers make them, for every {@link FoveaOptimizer}:
 * a float16 weight is updated through a float32 master copy of it. The float16 gradient is widened to float32, the
 * optimizer's own update rule is applied to the master (so its slots, momentum or moments, are float32 too), and the
 * master is cast back into the float16 weight that the next forward pass uses. An update too small for float16 (a
 * weight of 1.0 moving by 1e-4, under half of float16's spacing there) is lost by a float16 weight but accumulates
 * in the master.
 *
 * <p>The masters are the optimizer's slot {@value #SLOT}, so an optimizer checkpoint holds them and a resumed run
 * continues from them exactly; the first update of a weight without one seeds it from the weight.
 */
public final class MasterWeights {

    /** The slot name of the float32 master copies. */
    static final String SLOT = "master";

    private MasterWeights() {}

    /** One update rule applied to a float32 weight and gradient (the optimizer's {@code apply}). */
    @FunctionalInterface
    interface Rule {
        void apply(NDArray weight, NDArray grad);
    }

    /** Whether {@code weight} is updated through a float32 master: when it is float16 (or any narrower float). */
    public static boolean keepsMaster(NDArray weight) {
        return weight.getDataType() != DataType.FLOAT32 && weight.getDataType().isFloating();
    }

    /**
     * Applies {@code rule} to {@code master} with {@code grad} widened to float32, casts the master into {@code
     * weight} and clears the weight's gradient.
     */
    static void update(NDArray master, NDArray weight, NDArray grad, Rule rule) {
        try (NDArray wide = grad.toType(DataType.FLOAT32, true)) {
            rule.apply(master, wide);
        }
        InPlace.overwrite(weight, master);
        FoveaOptimizer.clearGradient(weight);
    }

    /** A new float32 master of {@code weight}'s values, on its device and outside any manager's reach. */
    static NDArray seed(NDArray weight) {
        NDArray master = NoGrad.call(() -> weight.toType(DataType.FLOAT32, true));
        master.detach(); // owned by the optimizer, closed in its close()
        return master;
    }
}
