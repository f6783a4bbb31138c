package dev.fovea.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import dev.fovea.api.spec.PrecisionDtype;
import dev.fovea.trainer.ClientError;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where and in which precision the network trains. Every visible GPU is used (a host's {@code mini_batch_size} images
 * are split evenly across them by DJL's {@code Batch.split}); without a GPU, the CPU. {@code precisionDtype=float16} on GPUs
 * initialises the parameters in float16, casts each input batch to float16 and the scores back to float32 for a
 * numerically stable loss. On a CPU, float16 is ignored with a warning (PyTorch's CPU kernels gain nothing from it).
 *
 * @param devices the devices one host trains on
 * @param float16 whether the network trains in float16
 */
public record Precision(Device[] devices, boolean float16) {

    private static final Logger LOG = LoggerFactory.getLogger(Precision.class);

    /** The visible devices, and float16 when it was asked for and every device is a GPU. */
    public static Precision choose(PrecisionDtype requested) {
        Engine engine = Engine.getInstance();
        int gpus = engine.getGpuCount();
        Device[] devices = gpus > 0 ? engine.getDevices(gpus) : new Device[] {Device.cpu()};
        boolean float16 = requested == PrecisionDtype.FLOAT16;
        if (float16 && gpus == 0) {
            LOG.warn("precision_dtype=float16 needs a GPU; training in float32 on the CPU");
            float16 = false;
        }
        LOG.info("Training on {}{}", Arrays.toString(devices), float16 ? " in float16" : "");
        return new Precision(devices, float16);
    }

    /**
     * Checks that a host's batch splits evenly over its devices, as SageMaker gives each GPU
     * {@code mini_batch_size / num_gpus} images.
     *
     * @throws ClientError naming both numbers when it does not
     */
    public void checkBatchSplits(int miniBatchSize) {
        if (miniBatchSize % devices.length != 0) {
            throw new ClientError("mini_batch_size " + miniBatchSize + " does not divide evenly over the "
                    + devices.length + " GPUs of this host: each GPU trains mini_batch_size / " + devices.length
                    + " images per step, so use a multiple of " + devices.length);
        }
    }

    /** Sets the model up for training: in float16, the network wrapped in the casts and its parameters float16. */
    public void prepare(Model model) {
        if (!float16) {
            return;
        }
        model.setDataType(DataType.FLOAT16);
        model.setBlock(new SequentialBlock()
                .add(new LambdaBlock(inputs -> cast(inputs, DataType.FLOAT16), "castToFloat16"))
                .add(model.getBlock())
                .add(new LambdaBlock(scores -> cast(scores, DataType.FLOAT32), "castToFloat32")));
    }

    /** After training: the bare network again, in float32, as the model directory stores it. */
    public void finish(Model model, Block network) {
        if (!float16) {
            return;
        }
        network.cast(DataType.FLOAT32);
        model.setBlock(network);
        model.setDataType(DataType.FLOAT32);
    }

    private static NDList cast(NDList arrays, DataType type) {
        NDList cast = new NDList(arrays.size());
        for (NDArray array : arrays) {
            cast.add(array.toType(type, false));
        }
        return cast;
    }
}
