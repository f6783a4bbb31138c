package dev.fovea.trainer.train;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.ImageShape;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.pretrained.PretrainedWeights;
import java.nio.file.Path;

/**
 * The network a job trains: SageMaker's ResNet (or the family of its pretrained weights) for {@code numLayers}, {@code numClasses} and {@code imageShape},
 * started from the pretrained weights in the model channel when {@code usePretrainedModel} is 1, in the chosen
 * {@link Precision}.
 */
public final class JobNetwork {

    private JobNetwork() {}

    /**
     * The network family the job trains: SageMaker's, unless {@code usePretrainedModel} starts it from weights of
     * another family in the model channel (torchvision's, or a Fovea model of the older family).
     */
    public static NetworkFamily family(ResolvedHyperParameters hp, Path modelChannel) {
        return hp.usePretrainedModel() ? PretrainedWeights.family(modelChannel) : NetworkFamily.SAGEMAKER;
    }

    /**
     * Builds the {@code family} network into {@code model} and prepares it for training.
     *
     * @param modelChannel the {@code model} channel, read only with {@code usePretrainedModel} 1
     * @return the bare network, which {@link Precision#finish} puts back into the model after training
     */
    public static Block prepare(
            Model model, NetworkFamily family, ResolvedHyperParameters hp, Path modelChannel, Precision precision) {
        ImageShape image = hp.imageShape();
        Shape shape = new Shape(image.channels(), image.height(), image.width());
        Block network = family.build(hp.numLayers(), hp.numClasses(), shape);
        model.setBlock(network);
        if (hp.usePretrainedModel()) {
            PretrainedWeights.apply(modelChannel, model, hp.numLayers(), shape);
        }
        precision.prepare(model);
        return network;
    }
}
