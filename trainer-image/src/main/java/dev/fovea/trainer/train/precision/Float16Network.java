package dev.fovea.trainer.train.precision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * float16 training around a network whose parameters are float16: the input is cast to float16 on the way in, and
 * the scores come back as float32 for a stable loss. DJL's {@code toType} leaves the autograd graph (it detaches), so
 * the scores are widened by a multiplication with a float32 one instead, which PyTorch's type promotion makes float32
 * and autograd follows. In training, the gradient that enters the network is multiplied by the {@link LossScale},
 * exactly (the forward value is not touched), so that small float16 gradients survive; {@link LossScale#unscale}
 * divides it out again before the optimizer step.
 */
public final class Float16Network extends AbstractBlock {

    private final Block network;
    private final LossScale lossScale;

    public Float16Network(Block network, LossScale lossScale) {
        this.network = addChildBlock("network", network);
        this.lossScale = lossScale;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList half = new NDList(inputs.size());
        for (NDArray input : inputs) {
            half.add(input.toType(DataType.FLOAT16, false));
        }
        NDList scores = network.forward(parameterStore, half, training, params);
        NDList out = new NDList(scores.size());
        for (NDArray score : scores) {
            NDArray single = widen(score);
            out.add(training ? scaleGradient(single, lossScale.scale()) : single);
        }
        return out;
    }

    /** {@code x} as float32, in the autograd graph. */
    static NDArray widen(NDArray x) {
        if (x.getDataType() == DataType.FLOAT32) {
            return x;
        }
        return x.mul(x.getManager().ones(new Shape(1), DataType.FLOAT32));
    }

    /** {@code x} in the forward pass; {@code scale} times the incoming gradient in the backward pass. */
    static NDArray scaleGradient(NDArray x, float scale) {
        NDArray scaled = x.mul(scale);
        // DJL's stopGradient detaches the array itself (PyTorch's detach_): detach copies, not x or scaled
        NDArray constant = x.duplicate().stopGradient();
        return constant.add(scaled.sub(scaled.duplicate().stopGradient()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return network.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        network.initialize(manager, dataType, inputShapes);
    }
}
