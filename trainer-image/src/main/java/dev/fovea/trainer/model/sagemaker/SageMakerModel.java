package dev.fovea.trainer.model.sagemaker;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.SageMakerResNet;
import dev.fovea.trainer.model.mxnet.MxNetParameters;
import dev.fovea.trainer.model.mxnet.NDArrayList;
import dev.fovea.trainer.pretrained.ModelFit;
import java.util.function.Predicate;

/**
 * A SageMaker Image Classification model read by {@link SageMakerModelReader}: what its symbol and
 * {@code model-shapes.json} say it is, and its parameters, checked to be SageMaker's network for that.
 *
 * @param numLayers the ResNet depth its symbol has
 * @param numClasses the size of its output layer
 * @param imageShape the image shape {@code (c, h, w)} it was trained on
 * @param batchSize the mini-batch size it was trained with
 * @param epoch the epoch its parameters file is named after
 * @param parameters the parameters file's arrays ({@code arg:} and {@code aux:} keys)
 * @param source where it was read from, for messages
 */
public record SageMakerModel(
        int numLayers,
        int numClasses,
        Shape imageShape,
        long batchSize,
        int epoch,
        NDArrayList parameters,
        String source) {

    /**
     * Checks that the model is the network a job with these hyperparameters trains, as incremental training needs.
     *
     * @throws ClientError naming each setting that differs, with both values
     */
    public void requireMatches(int expectedLayers, int expectedClasses, Shape expectedImageShape) {
        ModelFit.require(
                source, numLayers, numClasses, imageShape, expectedLayers, expectedClasses, expectedImageShape);
    }

    /** Builds SageMaker's network for this model in {@code manager}, initialised with the model's parameters. */
    public SageMakerResNet newNetwork(NDManager manager) {
        SageMakerResNet network = SageMakerResNet.build(numLayers, numClasses, imageShape);
        network.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(imageShape));
        copyInto(network, name -> false);
        return network;
    }

    /**
     * Overwrites the initialised {@code network}'s parameters with the model's, but for those {@code skip} names
     * (e.g. {@link SageMakerResNet#isClassifierParameter}, for a classifier trained afresh).
     *
     * @throws ClientError listing the parameters that do not fit; the network is unchanged then
     */
    public void copyInto(SageMakerResNet network, Predicate<String> skip) {
        try {
            MxNetParameters.load(parameters, network, skip);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ClientError(
                    "The model in " + source + " cannot be loaded into a ResNet-" + network.numLayers() + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
