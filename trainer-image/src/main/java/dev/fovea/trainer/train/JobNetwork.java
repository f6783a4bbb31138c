package dev.fovea.trainer.train;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.ImageShape;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.pretrained.ModelChannel;
import dev.fovea.trainer.pretrained.PretrainedWeights;
import java.util.Optional;

/**
 * The network a job trains: SageMaker's ResNet (or the family of the model it starts from) for {@code numLayers},
 * {@code numClasses} and {@code imageShape}, started from the model in the {@code model} channel when there is one
 * ({@link PretrainedWeights}: transfer learning with {@code usePretrainedModel} 1, incremental training with 0), in
 * the chosen {@link Precision}.
 */
public final class JobNetwork {

    private JobNetwork() {}

    /**
     * The network family the job trains: the family of the model in the channel, else SageMaker's.
     *
     * @throws ClientError when {@code usePretrainedModel} is 1 and there is no model channel
     */
    public static NetworkFamily family(ResolvedHyperParameters hp, Optional<ModelChannel> modelChannel) {
        if (modelChannel.isEmpty() && hp.usePretrainedModel()) {
            throw new ClientError("use_pretrained_model=1 but the job has no model channel: add a channel named model"
                    + " holding the weights to start from (a SageMaker or Fovea model, its model.tar.gz, or a"
                    + " PyTorch .pt file), or the cluster's pretrained catalogue for num_layers " + hp.numLayers()
                    + " (see docs/pretrained-catalogue.md)");
        }
        return modelChannel.map(ModelChannel::family).orElse(NetworkFamily.SAGEMAKER);
    }

    /**
     * Builds the {@code family} network into {@code model} and prepares it for training.
     *
     * @return the bare network, which {@link Precision#finish} puts back into the model after training
     */
    public static Block prepare(
            Model model,
            NetworkFamily family,
            ResolvedHyperParameters hp,
            Optional<ModelChannel> modelChannel,
            Precision precision) {
        Shape shape = imageShape(hp);
        Block network = family.build(hp.numLayers(), hp.numClasses(), shape);
        model.setBlock(network);
        if (modelChannel.isPresent()) {
            if (hp.usePretrainedModel()) {
                PretrainedWeights.transfer(modelChannel.get(), model, hp.numLayers(), shape);
            } else {
                PretrainedWeights.resume(modelChannel.get(), model, hp.numLayers(), hp.numClasses(), shape);
            }
        }
        precision.prepare(model);
        return network;
    }

    /** A new float32 {@code family} network for {@code hp}, initialised in {@code manager} (see {@link Precision#finish}). */
    public static Block float32Network(NetworkFamily family, ResolvedHyperParameters hp, NDManager manager) {
        Shape shape = imageShape(hp);
        Block network = family.build(hp.numLayers(), hp.numClasses(), shape);
        network.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(shape));
        return network;
    }

    private static Shape imageShape(ResolvedHyperParameters hp) {
        ImageShape image = hp.imageShape();
        return new Shape(image.channels(), image.height(), image.width());
    }
}
