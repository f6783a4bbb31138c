package dev.fovea.trainer.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.List;

/**
 * The two networks Fovea builds for a {@code num_layers}, by the name a model directory's {@code model.json} records
 * as its {@code family}.
 */
public enum NetworkFamily {

    /** SageMaker's network, MXNet's pre-activation ResNet ({@link SageMakerResNet}): what Fovea trains by default. */
    SAGEMAKER("sagemaker-resnet"),

    /**
     * The 2015 paper's post-activation ResNet with torchvision's layout ({@link ResNets}): the network torchvision's
     * {@code .pt}/{@code .pth} weights load into (they do not fit a pre-activation network), and the network of
     * every model Fovea wrote before it trained SageMaker's.
     */
    TORCHVISION("resnet");

    private final String id;

    NetworkFamily(String id) {
        this.id = id;
    }

    /** The name {@code model.json} records. */
    public String id() {
        return id;
    }

    /**
     * The family {@code model.json} names.
     *
     * @throws IllegalArgumentException naming the allowed names when {@code id} is none of them
     */
    public static NetworkFamily fromId(String id) {
        return Arrays.stream(values())
                .filter(family -> family.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("network family '" + id + "' is not one of " + ids()));
    }

    /** The names of all families. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(NetworkFamily::id).toList();
    }

    /** Builds this family's uninitialised network; see {@link SageMakerResNet#build} and {@link ResNets#build}. */
    public Block build(int numLayers, int numClasses, Shape imageShape) {
        return this == SAGEMAKER
                ? SageMakerResNet.build(numLayers, numClasses, imageShape)
                : ResNets.build(numLayers, numClasses, imageShape);
    }

    /**
     * Whether a parameter (by its name in {@code getParameters()}) belongs to the top fully-connected layer, the one
     * {@code use_pretrained_model=1} re-initialises.
     */
    public boolean isClassifierParameter(String parameterName) {
        return this == SAGEMAKER
                ? SageMakerResNet.isClassifierParameter(parameterName)
                : ResNets.isClassifierParameter(parameterName);
    }
}
