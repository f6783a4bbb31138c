package dev.fovea.trainer.pretrained;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.publish.ModelDescription;
import dev.fovea.trainer.publish.ModelDirectory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a new network from the model in the {@code model} channel ({@link ModelChannel}), as SageMaker's algorithm
 * does:
 * <ul>
 *   <li>{@code use_pretrained_model=1} ({@link #transfer}): every layer but the top fully-connected one, which is
 *       initialised afresh for this job's classes. The channel holds a model {@link ModelDirectory} reads
 *       (SageMaker's or Fovea's, also as {@code model.tar.gz}) of depth {@code num_layers} with the image channels of
 *       {@code image_shape}, or one PyTorch ResNet file ({@code .pt} or {@code .pth}): a TorchScript module, a
 *       {@code state_dict} or a whole pickled module, with torchvision's names ({@code conv1, bn1, layerK.N.convM,
 *       layerK.N.bnM, layerK.N.downsample.0/1, fc}), see {@link PyTorchWeights}, which loads into the
 *       torchvision-style network ({@link NetworkFamily#TORCHVISION}).
 *   <li>{@code use_pretrained_model=0} with a model channel ({@link #resume}): SageMaker's incremental training, the
 *       whole network continues from the model, whose {@code num_layers}, {@code num_classes} and
 *       {@code image_shape} must be the job's.
 * </ul>
 * Runs before the trainer exists: the network is initialised here, then the model's values overwrite it.
 */
public final class PretrainedWeights {

    private static final Logger LOG = LoggerFactory.getLogger(PretrainedWeights.class);

    private PretrainedWeights() {}

    /**
     * Initialises {@code target}'s block for images of {@code imageShape} and copies the weights of the model in
     * {@code channel} into every layer but the classifier.
     *
     * @param imageShape the job's image shape {@code (c, h, w)}
     * @throws ClientError when the model does not fit the network
     */
    public static void transfer(ModelChannel channel, Model target, int numLayers, Shape imageShape) {
        Block network = initialize(target, imageShape);
        if (channel.kind() == ModelChannel.Kind.PYTORCH_FILE) {
            PyTorchWeights.apply(channel.path(), network, numLayers, imageShape.get(0));
            return;
        }
        ModelDescription source = ModelDirectory.describe(channel.path());
        if (source.numLayers() != numLayers) {
            throw new ClientError("The model channel holds a ResNet-" + source.numLayers() + " but num_layers is "
                    + numLayers + "; set num_layers to " + source.numLayers() + " to start from it");
        }
        NetworkFamily family = channel.family();
        int copied = copy(channel.path(), network, numLayers, family::isClassifierParameter);
        LOG.info("Started from {} pretrained parameters in {}; the classifier starts afresh", copied, channel.path());
    }

    /**
     * Initialises {@code target}'s block and overwrites all its parameters with those of the model in
     * {@code channel}: incremental training.
     *
     * @throws ClientError when the channel holds a PyTorch file, or a model whose depth, classes or image shape
     *     differ from the job's (naming each)
     */
    public static void resume(ModelChannel channel, Model target, int numLayers, int numClasses, Shape imageShape) {
        if (channel.kind() == ModelChannel.Kind.PYTORCH_FILE) {
            throw new ClientError("use_pretrained_model=0 continues training a SageMaker or Fovea model, but the model"
                    + " channel holds the PyTorch file " + channel.path().getFileName() + "; set use_pretrained_model"
                    + " to 1 to start from its weights with a new classifier");
        }
        ModelDescription source = ModelDirectory.describe(channel.path());
        ModelFit.require(
                channel.path().toString(),
                source.numLayers(),
                source.numClasses(),
                ModelDirectory.imageShape(source),
                numLayers,
                numClasses,
                imageShape);
        Block network = initialize(target, imageShape);
        int copied = copy(channel.path(), network, numLayers, name -> false);
        LOG.info("Continuing the model in {} ({} parameters)", channel.path(), copied);
    }

    private static Block initialize(Model target, Shape imageShape) {
        Block network = target.getBlock();
        network.initialize(target.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(imageShape));
        return network;
    }

    private static int copy(Path directory, Block network, int numLayers, Predicate<String> skip) {
        try (Model source = ModelDirectory.load(directory)) {
            Map<String, Parameter> weights = new HashMap<>();
            source.getBlock().getParameters().forEach(pair -> weights.put(pair.getKey(), pair.getValue()));
            int copied = 0;
            for (var entry : network.getParameters()) {
                if (!skip.test(entry.getKey())) {
                    copy(weights.get(entry.getKey()), entry.getKey(), entry.getValue(), numLayers);
                    copied++;
                }
            }
            return copied;
        }
    }

    private static void copy(Parameter source, String name, Parameter target, int numLayers) {
        if (source == null) {
            throw new ClientError("The model in the model channel has no parameter " + name
                    + "; it is not the network this job trains");
        }
        NDArray values = source.getArray();
        ParameterCopy.copy(
                target,
                values.toFloatArray(),
                values.getShape(),
                "The model's parameter " + name,
                "this job's ResNet-" + numLayers);
    }
}
