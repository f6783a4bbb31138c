package dev.fovea.trainer.data.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;

/**
 * The network's input batch: N×C×H×W as the network indexes it, stored N×H×W×C ("channels last"), the order in which
 * decoders produce pixels. Given channels-last input, PyTorch's oneDNN convolutions keep every activation and
 * gradient channels-last instead of reordering to and from their blocked layout at each layer: 15% more images/s
 * for ResNet-20 on a CPU (bench/README.md), and the layout tensor cores want on a GPU.
 */
public final class ChannelsLast {

    private ChannelsLast() {}

    /**
     * @param manager owns the batch
     * @param hwcImages {@code count} images of H×W×C floats, one after the other (the array may be longer)
     * @param count the number of images
     * @param imageShape C, H, W
     * @return the N×C×H×W batch, a channels-last view
     */
    public static NDArray batch(NDManager manager, float[] hwcImages, int count, Shape imageShape) {
        int channels = Math.toIntExact(imageShape.get(0));
        int height = Math.toIntExact(imageShape.get(1));
        int width = Math.toIntExact(imageShape.get(2));
        NDArray nhwc = manager.create(
                FloatBuffer.wrap(hwcImages, 0, count * channels * height * width),
                new Shape(count, height, width, channels));
        return nhwc.transpose(0, 3, 1, 2);
    }

    /**
     * The same N×C×H×W values as a channels-last view, for an operator whose output lost the batch's layout. PyTorch's
     * CPU batch norm, for one, returns a one-channel batch with N×C×H×W strides (to PyTorch a one-channel tensor is
     * contiguous in both layouts and it takes the plain path), and convolutions fed those strides run the whole network
     * in the plain layout: SageMaker's network, whose first layer normalises the input, trained a 1×28×28 ResNet-20 at
     * about 70% of the images/s of a network that starts with a convolution (bench/README.md).
     *
     * <p>Copies nothing when the values are stored channels-last already (always so for one channel); else returns a
     * channels-last copy.
     *
     * @param nchw an N×C×H×W array
     * @return a channels-last view of the same values, in {@code nchw}'s manager
     */
    public static NDArray restride(NDArray nchw) {
        Shape shape = nchw.getShape();
        // a flat reshape is a view of values stored N×H×W×C, and a copy in that order of any other storage
        return nchw.transpose(0, 2, 3, 1)
                .reshape(-1)
                .reshape(shape.get(0), shape.get(2), shape.get(3), shape.get(1))
                .transpose(0, 3, 1, 2);
    }
}
