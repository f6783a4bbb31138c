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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code usePretrainedModel=1}: starts a new network from the weights in the {@code model} channel, all but the top
 * fully-connected layer, which is initialised afresh for this job's classes. The channel holds either
 * <ul>
 *   <li>a Fovea model directory (an earlier job's {@code /opt/ml/model}, with {@code model.json}): incremental
 *       training; its depth must be {@code num_layers} and its image channels those of {@code image_shape}; or
 *   <li>one PyTorch ResNet file ({@code .pt} or {@code .pth}): a TorchScript module, a {@code state_dict} or a
 *       whole pickled module, with torchvision's names ({@code conv1, bn1, layerK.N.convM, layerK.N.bnM,
 *       layerK.N.downsample.0/1, fc}), see {@link PyTorchWeights}. ImageNet depths load torchvision's {@code resnet18 ... resnet152} (torchvision's
 *       bottleneck is "v1.5", the stride on the 3x3 convolution, as in Fovea); CIFAR depths need the same names,
 *       no {@code downsample}, and a shortcut that appends its zero channels after the input's.
 * </ul>
 * Runs before the trainer exists: the network is initialised here, then the pretrained values overwrite all but
 * the classifier.
 */
public final class PretrainedWeights {

    private static final Logger LOG = LoggerFactory.getLogger(PretrainedWeights.class);
    private static final List<String> PYTORCH_SUFFIXES = List.of(".pt", ".pth");

    private PretrainedWeights() {}

    /**
     * Initialises {@code target}'s block for images of {@code imageShape} and copies the pretrained weights in
     * {@code modelChannel} into every layer but the classifier.
     *
     * @param imageShape the job's image shape {@code (c, h, w)}
     * @throws ClientError when the channel holds neither kind of model, or one that does not fit the network
     */
    public static void apply(Path modelChannel, Model target, int numLayers, Shape imageShape) {
        Block network = target.getBlock();
        network.initialize(target.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(imageShape));
        if (Files.isRegularFile(modelChannel.resolve(ModelDirectory.DESCRIPTION_FILE))) {
            fromFoveaModel(modelChannel, network, numLayers);
        } else {
            PyTorchWeights.apply(pytorchFile(modelChannel), network, numLayers, imageShape.get(0));
        }
    }

    /**
     * The network the weights in {@code modelChannel} load into: a Fovea model's own, or the torchvision-style
     * network for a PyTorch file.
     *
     * @throws ClientError when there is no model channel
     */
    public static NetworkFamily family(Path modelChannel) {
        list(modelChannel); // a ClientError when there is no model channel
        if (Files.isRegularFile(modelChannel.resolve(ModelDirectory.DESCRIPTION_FILE))) {
            return ModelDirectory.family(ModelDirectory.describe(modelChannel), modelChannel);
        }
        return NetworkFamily.TORCHVISION;
    }

    private static Path pytorchFile(Path modelChannel) {
        List<Path> files = list(modelChannel);
        List<Path> pytorch =
                files.stream().filter(PretrainedWeights::isPyTorchFile).toList();
        if (pytorch.size() == 1) {
            return pytorch.getFirst();
        }
        if (pytorch.isEmpty()) {
            throw new ClientError("usePretrainedModel=1 but the model channel " + modelChannel + " holds neither a"
                    + " Fovea model (" + ModelDirectory.DESCRIPTION_FILE + ") nor a PyTorch .pt/.pth file; it holds "
                    + files.stream().map(path -> path.getFileName().toString()).toList());
        }
        throw new ClientError("The model channel " + modelChannel + " holds several PyTorch files "
                + pytorch.stream().map(path -> path.getFileName().toString()).toList() + "; leave exactly one");
    }

    private static boolean isPyTorchFile(Path path) {
        String name = path.getFileName().toString();
        return Files.isRegularFile(path) && PYTORCH_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    private static List<Path> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ClientError("usePretrainedModel=1 but there is no model channel (" + directory
                    + "); add a channel named model holding a Fovea model or a PyTorch .pt file");
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the model channel " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void fromFoveaModel(Path modelChannel, Block network, int numLayers) {
        ModelDescription source = ModelDirectory.describe(modelChannel);
        NetworkFamily family = ModelDirectory.family(source, modelChannel);
        if (source.numLayers() != numLayers) {
            throw new ClientError("The model channel holds a ResNet-" + source.numLayers() + " but num_layers is "
                    + numLayers + "; set num_layers to " + source.numLayers() + " to start from it");
        }
        try (Model pretrained = ModelDirectory.load(modelChannel)) {
            Map<String, Parameter> weights = new HashMap<>();
            pretrained.getBlock().getParameters().forEach(pair -> weights.put(pair.getKey(), pair.getValue()));
            int copied = 0;
            for (var entry : network.getParameters()) {
                if (!family.isClassifierParameter(entry.getKey())) {
                    copy(weights.get(entry.getKey()), entry.getKey(), entry.getValue(), numLayers);
                    copied++;
                }
            }
            LOG.info("Started from {} pretrained parameters in {}; the classifier starts afresh", copied, modelChannel);
        }
    }

    private static void copy(Parameter source, String name, Parameter target, int numLayers) {
        if (source == null) {
            throw new ClientError("The pretrained model has no parameter " + name
                    + "; it was not trained by this version of Fovea's ResNet");
        }
        NDArray values = source.getArray();
        ParameterCopy.copy(
                target,
                values.toFloatArray(),
                values.getShape(),
                "The pretrained model's parameter " + name,
                "this job's ResNet-" + numLayers);
    }
}
