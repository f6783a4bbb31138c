package dev.fovea.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.fovea.trainer.data.pipeline.ChannelsLast;

/**
 * A convolution with the BatchNorm that follows it folded in, for inference: {@code bn(conv(x))} with the norm's
 * running statistics is the convolution with each output channel's weights multiplied by the norm's scale and the
 * norm's shift (plus the scaled bias) as its bias. One operator instead of two: the norm's pass over the activation
 * goes, and oneDNN adds the bias inside the convolution. Its arrays are computed once, from the trained parameters,
 * which are then freed, and live in the model's manager.
 */
final class FoldedConvolution extends AbstractBlock {

    private final Conv2d convolution;
    private final NDArray weight;
    private final NDArray bias;

    private FoldedConvolution(Conv2d convolution, NDArray weight, NDArray bias) {
        this.convolution = convolution;
        this.weight = weight;
        this.bias = bias;
    }

    /** {@code norm} after {@code convolution}, as one convolution; both must be initialised, and both are freed. */
    static FoldedConvolution of(Conv2d convolution, BatchNorm norm) {
        NDArray original = convolution.getParameters().get("weight").getArray();
        BatchNorm.Affine affine = norm.inferenceAffine();
        try (NDArray channelScale = affine.scale().reshape(-1, 1, 1, 1)) {
            NDArray weight = channelsLast(original, channelScale);
            NDArray bias;
            if (convolution.isIncludeBias()) {
                try (NDArray scaledBias =
                        convolution.getParameters().get("bias").getArray().mul(affine.scale())) {
                    bias = scaledBias.add(affine.shift());
                }
            } else {
                bias = affine.shift().duplicate();
            }
            FoldedConvolution folded = new FoldedConvolution(convolution, weight, bias);
            release(convolution);
            release(norm);
            return folded;
        } finally {
            affine.close();
        }
    }

    /**
     * Frees a folded block's trained arrays: nothing reads them after folding, and kept beside the folded copies
     * they doubled the memory the convolutions' weights take (94 MB in ResNet-50).
     */
    private static void release(Block block) {
        block.getParameters().values().forEach(Parameter::close);
    }

    /**
     * The scaled weights stored channels-last (O×H×W×I), as PyTorch's oneDNN convolution of a channels-last input
     * takes them: given O×I×H×W storage it copies the weights to that order on every call before reordering them to
     * oneDNN's blocked layout (a 7×7 or 3×3 kernel; a 1×1 kernel is stored the same in both orders).
     */
    private static NDArray channelsLast(NDArray original, NDArray channelScale) {
        try (NDManager scratch = original.getManager().newSubManager()) {
            NDArray scaled = original.mul(channelScale);
            scaled.attach(scratch);
            NDArray weight = ChannelsLast.restride(scaled);
            weight.attach(original.getManager());
            return weight;
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return Conv2d.conv2d(
                inputs.singletonOrThrow(),
                weight,
                bias,
                convolution.getStride(),
                convolution.getPadding(),
                convolution.getDilation(),
                convolution.getGroups());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return convolution.getOutputShapes(inputShapes);
    }
}
