package dev.fovea.trainer.publish;

import dev.fovea.api.spec.HyperParameters;
import java.util.List;

/**
 * {@code model.json}: everything needed to rebuild the network and feed it an image the way training did.
 *
 * @param family the network, a {@link dev.fovea.trainer.model.NetworkFamily} id ({@code sagemaker-resnet}, or
 *     {@code resnet} for the torchvision-style network)
 * @param numLayers the ResNet depth
 * @param numClasses the size of the output layer
 * @param imageShape the input as {@code [channels, height, width]}
 * @param resize the shorter side images are resized to before the centre crop, or {@code null} for none
 * @param mean per-channel mean subtracted from 0-255 pixel values
 * @param std per-channel standard deviation pixel values are divided by
 * @param multiLabel whether outputs are independent per-class probabilities (sigmoid) rather than softmax
 * @param hyperParameters the job's hyperparameters, defaults filled in
 * @param foveaVersion the Fovea version that trained the model
 */
public record ModelDescription(
        String family,
        int numLayers,
        int numClasses,
        List<Integer> imageShape,
        Integer resize,
        List<Float> mean,
        List<Float> std,
        boolean multiLabel,
        HyperParameters hyperParameters,
        String foveaVersion) {}
