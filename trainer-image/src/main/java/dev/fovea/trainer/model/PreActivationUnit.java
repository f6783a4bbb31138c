package dev.fovea.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.fovea.trainer.model.mxnet.MxNetOperators;
import dev.fovea.trainer.model.mxnet.SymbolGraph;
import dev.fovea.trainer.model.mxnet.SymbolGraph.Entry;
import java.util.ArrayList;
import java.util.List;

/**
 * One residual unit of MXNet's pre-activation ResNet (He et al. 2016, "Identity Mappings in Deep Residual
 * Networks"), as SageMaker's {@code residual_unit} builds it: each convolution is preceded by BatchNorm and ReLU
 * ({@code bn1, relu1, conv1, bn2, relu2, conv2[, bn3, relu3, conv3]}), and the unit adds its input, or, in the first
 * unit of a stage, a strided 1x1 convolution {@code sc} of the first activation, without BatchNorm. A bottleneck's
 * stride sits on its 3x3 convolution.
 *
 * <p>The child blocks carry MXNet's names ({@code bn1}, {@code conv2}, {@code sc}), so inside a network that names
 * the unit {@code stage2_unit1} the parameters are {@code stage2_unit1_conv2_weight} as in SageMaker's files.
 */
final class PreActivationUnit extends AbstractBlock {

    private final String name;
    private final List<BatchNorm> norms = new ArrayList<>();
    private final List<Conv2d> convolutions = new ArrayList<>();
    private final Conv2d shortcut;
    /** What the forward pass runs: the norms and convolutions above, or after {@link #foldBatchNorms} fewer. */
    private final List<Block> forwardNorms = new ArrayList<>();

    private final List<Block> forwardConvolutions = new ArrayList<>();

    private PreActivationUnit(String name, List<Conv2d> convolutions, Conv2d shortcut) {
        this.name = name;
        for (int i = 0; i < convolutions.size(); i++) {
            BatchNorm norm = SageMakerResNet.batchNorm(false);
            norms.add(norm);
            this.convolutions.add(convolutions.get(i));
            children.add("bn" + (i + 1), norm);
            children.add("conv" + (i + 1), convolutions.get(i));
        }
        this.shortcut = shortcut;
        forwardNorms.addAll(norms);
        forwardConvolutions.addAll(this.convolutions);
        if (shortcut != null) {
            children.add("sc", shortcut);
        }
    }

    /**
     * A unit with {@code outputChannels} outputs.
     *
     * @param name the unit's MXNet name, {@code stage<s>_unit<k>}
     * @param bottleneck 1x1 (a quarter of the outputs), 3x3, 1x1 convolutions; else two 3x3 convolutions
     * @param stride the stride of the unit (on the 3x3 convolution of a bottleneck, on the first of a basic unit)
     * @param project whether the shortcut is a 1x1 convolution (the first unit of a stage), else the input itself
     */
    static PreActivationUnit of(String name, int outputChannels, boolean bottleneck, int stride, boolean project) {
        List<Conv2d> convolutions = bottleneck
                ? List.of(
                        ResidualUnits.conv(outputChannels / 4, 1, 1),
                        ResidualUnits.conv(outputChannels / 4, 3, stride),
                        ResidualUnits.conv(outputChannels, 1, 1))
                : List.of(ResidualUnits.conv(outputChannels, 3, stride), ResidualUnits.conv(outputChannels, 3, 1));
        return new PreActivationUnit(
                name, convolutions, project ? ResidualUnits.conv(outputChannels, 1, stride) : null);
    }

    String name() {
        return name;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray h = x;
        NDArray firstActivation = null;
        for (int i = 0; i < forwardConvolutions.size(); i++) {
            h = Activation.relu(forward(forwardNorms.get(i), store, h, training));
            if (i == 0) {
                firstActivation = h;
            }
            h = forward(forwardConvolutions.get(i), store, h, training);
        }
        NDArray identity = shortcut == null ? x : forward(shortcut, store, firstActivation, training);
        return new NDList(ResidualSum.of(h, identity));
    }

    /**
     * For inference: folds each norm but the first into the convolution before it ({@link BatchNormFolding});
     * returns how many were folded.
     */
    int foldBatchNorms() {
        for (int i = 0; i + 1 < convolutions.size(); i++) {
            forwardConvolutions.set(i, FoldedConvolution.of(convolutions.get(i), norms.get(i + 1)));
            forwardNorms.set(i + 1, Blocks.identityBlock());
        }
        return convolutions.size() - 1;
    }

    /** Adds the unit's operators to {@code graph}, reading {@code data}; returns the sum. */
    Entry appendTo(SymbolGraph graph, Entry data, int workspace) {
        Entry h = data;
        Entry firstActivation = null;
        for (int i = 0; i < convolutions.size(); i++) {
            String suffix = Integer.toString(i + 1);
            BatchNorm norm = norms.get(i);
            h = MxNetOperators.batchNorm(
                    graph, name + "_bn" + suffix, h, norm.epsilon(), norm.momentum(), norm.fixGamma());
            h = MxNetOperators.relu(graph, name + "_relu" + suffix, h);
            if (i == 0) {
                firstActivation = h;
            }
            h = MxNetOperators.convolution(graph, name + "_conv" + suffix, h, convolutions.get(i), true, workspace);
        }
        Entry identity = shortcut == null
                ? data
                : MxNetOperators.convolution(graph, name + "_sc", firstActivation, shortcut, false, workspace);
        return MxNetOperators.plus(graph, h, identity);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape shape = inputShapes[0];
        for (Conv2d convolution : convolutions) {
            shape = convolution.getOutputShapes(new Shape[] {shape})[0];
        }
        return new Shape[] {shape};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (int i = 0; i < convolutions.size(); i++) {
            norms.get(i).initialize(manager, dataType, shape);
            if (i == 0 && shortcut != null) {
                shortcut.initialize(manager, dataType, shape);
            }
            convolutions.get(i).initialize(manager, dataType, shape);
            shape = convolutions.get(i).getOutputShapes(new Shape[] {shape})[0];
        }
    }

    static NDArray forward(Block block, ParameterStore store, NDArray x, boolean training) {
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }
}
