package dev.fovea.trainer.pretrained;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.ResNetLayout;
import dev.fovea.trainer.model.ResNets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a PyTorch ResNet ({@link PyTorchArchive}) into Fovea's ResNet of the same depth, by torchvision's names
 * ({@link TorchVisionNames}); the classifier ({@code fc}) is left to its fresh initialisation.
 *
 * <p>Two adaptations keep the loaded network computing what the PyTorch one computes:
 * <ul>
 *   <li>PyTorch's BatchNorm adds {@code eps = 1e-5} to the running variance, Fovea's (MXNet's) adds
 *       {@link ResNets#BATCH_NORM_EPSILON}; the difference is moved into {@code running_var}.
 *   <li>A first convolution over 3 channels on a job with 1-channel images is summed over its input channels: on a
 *       grey image it then responds as the RGB network does to the same image in all three channels.
 * </ul>
 */
final class PyTorchWeights {

    /** {@code torch.nn.BatchNorm2d}'s default, which torchvision's ResNets keep. */
    static final float PYTORCH_BATCH_NORM_EPSILON = 1e-5f;

    private static final Logger LOG = LoggerFactory.getLogger(PyTorchWeights.class);
    private static final String STEM = "conv1.weight";

    private PyTorchWeights() {}

    /**
     * Copies the weights in {@code file} into {@code target}, an initialised {@code ResNets.build(numLayers, ...)}.
     *
     * @param imageChannels the job's image channels (the first number of image_shape)
     * @throws ClientError when the file is not PyTorch's, holds another depth, or a tensor is missing or
     *     mis-shaped
     */
    public static void apply(Path file, Block target, int numLayers, long imageChannels) {
        String fileName = file.getFileName().toString();
        ResNetLayout layout = ResNetLayout.of(numLayers);
        try (PyTorchArchive archive = PyTorchArchive.open(file)) {
            Map<String, TorchTensor> tensors = archive.tensors();
            TorchResNetPlan.of(tensors.keySet()).require(layout, fileName);
            Map<String, Parameter> targets = TorchVisionNames.of(target);
            for (var entry : targets.entrySet()) {
                String name = entry.getKey();
                TorchTensor tensor = tensors.get(name);
                if (tensor == null) {
                    throw new ClientError("The model channel's " + fileName + " has no tensor " + name
                            + ", which Fovea's ResNet-" + numLayers + " needs (names as in torchvision's ResNets)");
                }
                float[] values = archive.values(name, tensor);
                Shape shape = tensor.djlShape();
                if (name.equals(STEM) && shape.dimension() == 4 && shape.get(1) != imageChannels) {
                    values = stemForChannels(values, shape, imageChannels, fileName);
                    shape = new Shape(shape.get(0), imageChannels, shape.get(2), shape.get(3));
                } else if (entry.getValue().getType() == Parameter.Type.RUNNING_VAR) {
                    moveEpsilonIntoVariance(values);
                }
                ParameterCopy.copy(
                        entry.getValue(), values, shape, fileName + ": tensor " + name, "Fovea's ResNet-" + numLayers);
            }
            warnAboutUnused(tensors.keySet(), targets.keySet(), fileName);
            LOG.info(
                    "Started from {} tensors of {} ({}); the classifier starts afresh",
                    targets.size(),
                    file,
                    archive.isTorchScript() ? "TorchScript" : "saved with torch.save");
        }
    }

    private static float[] stemForChannels(float[] weight, Shape shape, long imageChannels, String fileName) {
        long fileChannels = shape.get(1);
        if (fileChannels != 3 || imageChannels != 1) {
            throw new ClientError("The model channel's " + fileName + " was trained on " + fileChannels
                    + "-channel images but image_shape has " + imageChannels + " channels; set image_shape to "
                    + fileChannels + ",<height>,<width> (only 3-channel weights are adapted, to 1-channel images)");
        }
        int kernel = Math.toIntExact(shape.get(2) * shape.get(3));
        int filters = Math.toIntExact(shape.get(0));
        float[] summed = new float[filters * kernel];
        for (int filter = 0; filter < filters; filter++) {
            for (int channel = 0; channel < 3; channel++) {
                for (int k = 0; k < kernel; k++) {
                    summed[filter * kernel + k] += weight[(filter * 3 + channel) * kernel + k];
                }
            }
        }
        LOG.info(
                "{} expects RGB images; its first convolution is summed over the colour channels for the"
                        + " job's grey images",
                fileName);
        return summed;
    }

    private static void moveEpsilonIntoVariance(float[] runningVariance) {
        float shift = PYTORCH_BATCH_NORM_EPSILON - ResNets.BATCH_NORM_EPSILON;
        for (int i = 0; i < runningVariance.length; i++) {
            runningVariance[i] = Math.max(runningVariance[i] + shift, 0f);
        }
    }

    /** The classifier and BatchNorm's step counters are expected leftovers; anything else is worth a warning. */
    private static void warnAboutUnused(Set<String> inFile, Set<String> used, String fileName) {
        Set<String> unused = new TreeSet<>(inFile);
        unused.removeAll(used);
        unused.removeIf(name -> name.startsWith("fc.") || name.endsWith(".num_batches_tracked"));
        if (!unused.isEmpty()) {
            LOG.warn("{} holds tensors Fovea's ResNet has no place for; they are ignored: {}", fileName, unused);
        }
    }
}
