package dev.fovea.trainer.train;

import ai.djl.TrainingDivergedException;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Refuses to keep weights that are not numbers: a checkpoint or a model with a NaN or an infinite parameter would be
 * resumed from or served as if it were good, and a NaN checkpoint would push intact ones out of rotation.
 */
public final class FiniteParameters {

    private FiniteParameters() {}

    /**
     * @param what what was about to be written, e.g. "checkpoint epoch-0003"
     * @throws TrainingDivergedException naming the first parameter that holds a NaN or an infinity
     */
    public static void check(Block block, String what) {
        for (Pair<String, Parameter> named : block.getParameters()) {
            Parameter parameter = named.getValue();
            if (!parameter.isInitialized()) {
                continue;
            }
            NDArray array = parameter.getArray();
            boolean nan;
            boolean infinite;
            try (NDArray nans = array.isNaN();
                    NDArray anyNan = nans.any();
                    NDArray infinities = array.isInfinite();
                    NDArray anyInfinite = infinities.any()) {
                nan = anyNan.getBoolean();
                infinite = anyInfinite.getBoolean();
            }
            if (nan || infinite) {
                throw new TrainingDivergedException("Training diverged: parameter " + named.getKey() + " holds "
                        + (nan ? "NaN" : "infinite") + " values, so " + what + " was not written (the intact ones"
                        + " are kept); lower learningRate or check the data");
            }
        }
    }
}
