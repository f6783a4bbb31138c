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
}
