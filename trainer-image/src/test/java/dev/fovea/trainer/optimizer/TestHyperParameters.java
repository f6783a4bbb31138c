package dev.fovea.trainer.optimizer;

import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.Optimizer;

/** Hyperparameters with SageMaker's optimizer defaults, for tests that create optimizers. */
public final class TestHyperParameters {

    private TestHyperParameters() {}

    public static HyperParameters withOptimizer(Optimizer kind) {
        HyperParameters hp = new HyperParameters();
        hp.setOptimizer(kind);
        hp.setMomentum(0.9);
        hp.setWeightDecay(0.0001);
        hp.setBeta1(0.9);
        hp.setBeta2(0.999);
        hp.setEps(1e-8);
        hp.setGamma(0.9);
        return hp;
    }
}
