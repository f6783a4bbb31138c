package dev.fovea.trainer.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Batch normalisation over the channels of NCHW input: what DJL's {@code ai.djl.nn.norm.BatchNorm} computes, with
 * the same four parameters and the same saved format, so models and checkpoints written with either load into the
 * other. It calls PyTorch's {@code batch_norm} directly. DJL's block wraps that call, for its default channel axis,
 * in a sub-manager and two {@code swapAxes(1, 1)} views, and a residual unit adding into such a view made every
 * backward pass clone, zero and copy the whole gradient: about 14 ms of a 160 ms ResNet-20 step on a CPU (bench/README.md,
 * "Where the time goes"). The class keeps DJL's simple name because parameter names derive from it
 * ({@code 02BatchNorm_gamma}).
 *
 * <p>With {@code fixGamma}, MXNet's {@code fix_gamma=True}, the scale is 1 whatever gamma holds, and gamma is not
 * trained; SageMaker's network normalises its input so ({@code bn_data}).
 */
public final class BatchNorm extends AbstractBlock {

    private static final byte VERSION = 2;
    /** DJL's PyTorch engine passes axis -1 straight to {@code torch.batch_norm}, which normalises dimension 1. */
    private static final int TORCH_CHANNEL_AXIS = -1;

    private final float epsilon;
    private final float momentum;
    private final boolean fixGamma;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private long channels;

    /**
     * @param epsilon added to the variance
     * @param momentum MXNet's: the share of the old running statistics kept at each training step
     */
    public BatchNorm(float epsilon, float momentum) {
        this(epsilon, momentum, false);
    }

    /**
     * @param epsilon added to the variance
     * @param momentum MXNet's: the share of the old running statistics kept at each training step
     * @param fixGamma whether the scale is fixed at 1 (MXNet's {@code fix_gamma})
     */
    public BatchNorm(float epsilon, float momentum, boolean fixGamma) {
        super(VERSION);
        this.epsilon = epsilon;
        this.momentum = momentum;
        this.fixGamma = fixGamma;
        gamma = addParameter(Parameter.builder()
                .setName("gamma")
                .setType(Parameter.Type.GAMMA)
                .optRequiresGrad(!fixGamma)
                .build());
        beta = addParameter(
                Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
        runningMean = addParameter(Parameter.builder()
                .setName("runningMean")
                .setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false)
                .build());
        runningVar = addParameter(Parameter.builder()
                .setName("runningVar")
                .setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false)
                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray scale = store.getValue(gamma, device, training);
        if (fixGamma) {
            // in the batch's manager, which frees it with the batch's other arrays
            scale = x.getManager().ones(scale.getShape(), scale.getDataType(), device);
        }
        return x.getNDArrayInternal()
                .batchNorm(
                        x,
                        store.getValue(runningMean, device, training),
                        store.getValue(runningVar, device, training),
                        scale,
                        store.getValue(beta, device, training),
                        TORCH_CHANNEL_AXIS,
                        momentum,
                        epsilon,
                        training);
    }

    /**
     * What this norm computes at inference, {@code x * scale + shift} per channel, from its running statistics:
     * {@code scale = gamma / sqrt(var + epsilon)} (gamma 1 with {@code fixGamma}), {@code shift = beta - mean * scale}.
     * The caller closes it.
     */
    Affine inferenceAffine() {
        try (NDArray std = runningVar.getArray().add(epsilon).sqrt()) {
            NDArray scale =
                    fixGamma ? std.onesLike().div(std) : gamma.getArray().div(std);
            try (NDArray shifted = runningMean.getArray().mul(scale)) {
                return new Affine(scale, beta.getArray().sub(shifted));
            }
        }
    }

    /** A per-channel {@code x * scale + shift}. */
    record Affine(NDArray scale, NDArray shift) implements AutoCloseable {
        @Override
        public void close() {
            scale.close();
            shift.close();
        }
    }

    /** The epsilon added to the variance. */
    public float epsilon() {
        return epsilon;
    }

    /** MXNet's momentum: the share of the old running statistics kept at each training step. */
    public float momentum() {
        return momentum;
    }

    /** Whether the scale is fixed at 1 (MXNet's {@code fix_gamma}). */
    public boolean fixGamma() {
        return fixGamma;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        channels = inputShapes[0].get(1);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        for (Parameter parameter : new Parameter[] {gamma, beta, runningMean, runningVar}) {
            parameter.setShape(new Shape(channels));
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(channels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion == VERSION) {
            readInputShapes(is);
        } else if (loadVersion != 1) {
            throw new MalformedModelException("Unsupported BatchNorm encoding version: " + loadVersion);
        }
        channels = is.readLong();
    }
}
