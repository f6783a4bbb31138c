package dev.fovea.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.fovea.api.spec.PrecisionDtype;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.exchange.GradientExchange;
import dev.fovea.trainer.exchange.params.InPlace;
import dev.fovea.trainer.exchange.params.Mirrors;
import dev.fovea.trainer.train.precision.Float16Network;
import dev.fovea.trainer.train.precision.LossScale;
import dev.fovea.trainer.train.precision.LossScaledExchange;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where and in which precision the network trains. Every visible GPU is used (a host's {@code mini_batch_size} images
 * are split evenly across them by DJL's {@code Batch.split}); without a GPU, the CPU. {@code precisionDtype=float16}
 * on GPUs trains the network in float16 ({@link Float16Network}: float16 parameters, float32 scores for the loss)
 * with dynamic loss scaling ({@link LossScale}) and float32 master weights, as MXNet's {@code multi_precision}: the
 * optimizer updates a float32 master of each float16 weight and casts it back ({@code MasterWeights}); checkpoints
 * hold the masters. The trained network is stored in float32. On a CPU,
 * float16 is ignored with a warning (PyTorch's CPU kernels gain nothing from it).
 */
public final class Precision {

    private static final Logger LOG = LoggerFactory.getLogger(Precision.class);

    private final Device[] devices;
    private final LossScale lossScale;

    /**
     * @param devices the devices one host trains on
     * @param float16 whether the network trains in mixed float16 precision
     */
    public Precision(Device[] devices, boolean float16) {
        this.devices = devices.clone();
        this.lossScale = float16 ? new LossScale() : null;
    }

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
        LOG.info("Training on {}{}", Arrays.toString(devices), float16 ? " in mixed float16 precision" : "");
        return new Precision(devices, float16);
    }

    /** The devices one host trains on. */
    public Device[] devices() {
        return devices.clone();
    }

    /** Whether the network trains in mixed float16 precision. */
    public boolean float16() {
        return lossScale != null;
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

    /** Sets the model up for training: in float16, the parameters are made float16 and the network is wrapped. */
    public void prepare(Model model) {
        if (float16()) {
            model.setDataType(DataType.FLOAT16);
            model.setBlock(new Float16Network(model.getBlock(), lossScale));
        }
    }

    /** In float16, the exchange takes the loss scale out of the gradients first. */
    public GradientExchange exchange(GradientExchange exchange) {
        return float16() ? new LossScaledExchange(exchange, lossScale) : exchange;
    }

    /**
     * After training: the bare network again, in float32 as the model directory stores it. DJL's {@code Block.cast}
     * is not implemented for PyTorch, so a float16 network's values are copied into {@code float32Twin}, a new,
     * initialised float32 network of the same architecture.
     */
    public void finish(Model model, Block network, Supplier<Block> float32Twin) {
        if (!float16()) {
            model.setBlock(network);
            return;
        }
        Block single = float32Twin.get();
        var values = network.getParameters();
        for (var pair : single.getParameters()) {
            InPlace.overwrite(
                    pair.getValue().getArray(),
                    FloatBuffer.wrap(Mirrors.floats(values.get(pair.getKey()).getArray())));
        }
        model.setDataType(DataType.FLOAT32);
        model.setBlock(single);
    }
}
