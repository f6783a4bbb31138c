package dev.fovea.trainer.optimizer;

import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.Optimizer;
import java.util.function.Consumer;

/** Resolved hyperparameters for tests: a valid job (10 classes) with SageMaker's defaults and what the test sets. */
public final class TestHyperParameters {

    private TestHyperParameters() {}

    /** A valid job with SageMaker's defaults but for what {@code settings} sets. */
    public static ResolvedHyperParameters with(Consumer<HyperParameters> settings) {
        HyperParameters hp = new HyperParameters();
        hp.setNumClasses(10);
        hp.setNumTrainingSamples(100);
        settings.accept(hp);
        return ResolvedHyperParameters.resolve(hp);
    }

    public static ResolvedHyperParameters withOptimizer(Optimizer kind) {
        return with(hp -> hp.setOptimizer(kind));
    }
}
