package dev.fovea.trainer.output;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.ResNets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code usePretrainedModel=1}: starts a new network from the weights of a Fovea model directory in the {@code model}
 * channel (an earlier job's {@code /opt/ml/model}), all but the top fully-connected layer, which is initialised
 * afresh for this job's classes. Runs before the trainer exists: weights are placed into uninitialised parameters,
 * and DJL then initialises only the classifier.
 */
public final class PretrainedWeights {

    private static final Logger LOG = LoggerFactory.getLogger(PretrainedWeights.class);

    private PretrainedWeights() {}

    /**
     * Copies every non-classifier parameter of the model in {@code modelChannel} into {@code target}'s block.
     *
     * @throws ClientError when the channel holds no Fovea model or one of another depth
     */
    public static void apply(Path modelChannel, Model target, int numLayers) {
        ModelDescription source = ModelDirectory.describe(modelChannel);
        if (source.numLayers() != numLayers) {
            throw new ClientError("The model channel holds a ResNet-" + source.numLayers() + " but num_layers is "
                    + numLayers + "; set num_layers to " + source.numLayers() + " to start from it");
        }
        try (Model pretrained = ModelDirectory.load(modelChannel)) {
            Map<String, Parameter> weights = new HashMap<>();
            pretrained.getBlock().getParameters().forEach(pair -> weights.put(pair.getKey(), pair.getValue()));
            int copied = copy(weights, target.getBlock(), target);
            LOG.info("Started from {} pretrained parameters in {}; the classifier starts afresh", copied,
                    modelChannel);
        }
    }

    private static int copy(Map<String, Parameter> weights, Block block, Model target) {
        int copied = 0;
        for (var entry : block.getParameters()) {
            if (ResNets.isClassifierParameter(entry.getKey())) {
                continue;
            }
            Parameter source = weights.get(entry.getKey());
            if (source == null) {
                throw new ClientError("The pretrained model has no parameter " + entry.getKey()
                        + "; it was not trained by this version of Fovea's ResNet");
            }
            NDArray copy = source.getArray().duplicate();
            copy.attach(target.getNDManager());
            entry.getValue().setArray(copy);
            copied++;
        }
        return copied;
    }
}
