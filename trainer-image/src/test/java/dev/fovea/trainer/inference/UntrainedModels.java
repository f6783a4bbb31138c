package dev.fovea.trainer.inference;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.optimizer.TestHyperParameters;
import dev.fovea.trainer.publish.ModelDirectory;
import java.nio.file.Path;

/**
 * Model directories with freshly initialised (seeded) weights: enough to exercise serving, not to classify anything.
 */
public final class UntrainedModels {

    private static final int SEED = 16;

    private UntrainedModels() {}

    /** A ResNet-20 for 1×28×28 digits and 10 classes in {@code directory}; {@code multiLabel} picks sigmoids. */
    public static Path digits(Path directory, boolean multiLabel) {
        ResolvedHyperParameters hp = TestHyperParameters.with(set -> {
            set.setNumLayers(20);
            set.setImageShape("1,28,28");
            set.setMultiLabel(multiLabel ? 1 : 0);
        });
        Engine.getInstance().setRandomSeed(SEED); // the same weights, and so the same answers, on every run
        try (Model model = Model.newInstance("untrained")) {
            model.setBlock(NetworkFamily.SAGEMAKER.build(20, 10, new Shape(1, 28, 28)));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            ModelDirectory.write(directory, model, ModelDirectory.describe(NetworkFamily.SAGEMAKER, hp), 0, 10);
        }
        return directory;
    }
}
