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
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;
import ai.djl.util.PairList;
import dev.fovea.trainer.data.pipeline.ChannelsLast;
import dev.fovea.trainer.model.mxnet.MxNetNames;
import dev.fovea.trainer.model.mxnet.MxNetOperators;
import dev.fovea.trainer.model.mxnet.MxNetSymbol;
import dev.fovea.trainer.model.mxnet.SymbolGraph;
import dev.fovea.trainer.model.mxnet.SymbolGraph.Entry;
import java.util.ArrayList;
import java.util.List;

/**
 * The network SageMaker's Image Classification algorithm trains: MXNet's pre-activation ResNet
 * ({@code symbols/resnet.py} of MXNet's image-classification example), with SageMaker's graph, operator attributes
 * and names: {@code bn_data} (BatchNorm of the input, {@code fix_gamma}), {@code conv0} (and, for images taller
 * than 32 pixels, {@code bn0}, {@code relu0} and a max-pool), the units {@code stage<s>_unit<k>}
 * ({@link PreActivationUnit}), {@code bn1}, {@code relu1}, the global average pool {@code pool1}, {@code flatten0}
 * and the classifier {@code fc}. The layout follows from {@code num_layers} and the image height
 * ({@link SageMakerResNetLayout}).
 *
 * <p>The output is the unnormalised class scores {@code (N, numClasses)}; {@link #symbol()} describes the network as
 * SageMaker's {@code image-classification-symbol.json} does, ending in {@code SoftmaxOutput}. Parameter names are
 * MXNet's ({@code stage1_unit1_conv1_weight}), BatchNorm's running statistics {@code <bn>_runningMean} and
 * {@code <bn>_runningVar} (MXNet's {@code _moving_mean} and {@code _moving_var}, see {@link MxNetNames}).
 */
public final class SageMakerResNet extends AbstractBlock {

    /** BatchNorm's momentum in resnet.py (its epsilon is {@link ResNets#BATCH_NORM_EPSILON}). */
    private static final float BN_MOMENTUM = 0.9f;

    /** The convolutions' {@code workspace} attribute (MB of scratch space MXNet may use): SageMaker's value. */
    private static final int WORKSPACE = 256;

    private static final Shape POOL_KERNEL = new Shape(3, 3);
    private static final Shape POOL_STRIDE = new Shape(2, 2);
    private static final Shape POOL_PAD = new Shape(1, 1);
    /** The kernel resnet.py passes to the global pool, which ignores it. */
    private static final Shape GLOBAL_POOL_KERNEL = new Shape(7, 7);

    private static final String CLASSIFIER = "fc";
    private static final byte VERSION = 1;

    private final SageMakerResNetLayout layout;
    private final int numClasses;
    private final Shape imageShape;
    private final BatchNorm dataNorm = batchNorm(true);
    private final Conv2d stem;
    private final BatchNorm stemNorm;
    /** What the forward pass runs for the stem's convolution and norm: those two, or after folding one and none. */
    private Block forwardStem;

    private Block forwardStemNorm;
    private final List<PreActivationUnit> units = new ArrayList<>();
    private final BatchNorm featureNorm = batchNorm(false);
    private final Linear classifier;

    private SageMakerResNet(SageMakerResNetLayout layout, int numClasses, Shape imageShape) {
        super(VERSION);
        this.layout = layout;
        this.numClasses = numClasses;
        this.imageShape = imageShape;
        children.add("bn_data", dataNorm);
        stem = layout.smallStem()
                ? ResidualUnits.conv(layout.stemWidth(), 3, 1)
                : ResidualUnits.conv(layout.stemWidth(), 7, 2);
        children.add("conv0", stem);
        stemNorm = layout.smallStem() ? null : batchNorm(false);
        if (stemNorm != null) {
            children.add("bn0", stemNorm);
        }
        forwardStem = stem;
        forwardStemNorm = stemNorm;
        for (int stage = 0; stage < layout.unitsPerStage().size(); stage++) {
            for (int unit = 0; unit < layout.unitsPerStage().get(stage); unit++) {
                String name = "stage" + (stage + 1) + "_unit" + (unit + 1);
                int stride = unit == 0 && stage > 0 ? 2 : 1;
                PreActivationUnit block = PreActivationUnit.of(
                        name, layout.outputChannels(stage), layout.bottleneck(), stride, unit == 0);
                units.add(block);
                children.add(name, block);
            }
        }
        children.add("bn1", featureNorm);
        classifier = Linear.builder().setUnits(numClasses).build();
        children.add(CLASSIFIER, classifier);
        // MXNet's image-classification training initialises with Xavier(gaussian, in, 2): He init.
        setInitializer(new XavierInitializer(RandomType.GAUSSIAN, FactorType.IN, 2), Parameter.Type.WEIGHT);
    }

    /**
     * Builds SageMaker's network, uninitialised; initialise it with the input shape {@code (N, c, h, w)}.
     *
     * @param numLayers the depth: 18, 34, 50, 101, 152, 200, 20, 32, 44, 56 or 110
     * @param numClasses the number of output classes
     * @param imageShape the input image shape {@code (c, h, w)}
     * @throws IllegalArgumentException naming the field and the allowed values on a bad argument
     */
    public static SageMakerResNet build(int numLayers, int numClasses, Shape imageShape) {
        NetworkArguments.check(numClasses, imageShape);
        return new SageMakerResNet(SageMakerResNetLayout.of(numLayers, imageShape), numClasses, imageShape);
    }

    /**
     * Whether a parameter (by its name in {@code getParameters()}) belongs to the top fully-connected layer, the one
     * {@code use_pretrained_model=1} re-initialises.
     */
    public static boolean isClassifierParameter(String parameterName) {
        return parameterName.equals(CLASSIFIER + MxNetNames.WEIGHT)
                || parameterName.equals(CLASSIFIER + MxNetNames.BIAS);
    }

    public SageMakerResNetLayout layout() {
        return layout;
    }

    public int numLayers() {
        return layout.numLayers();
    }

    public int numClasses() {
        return numClasses;
    }

    /** The image shape {@code (c, h, w)} the network was built for. */
    public Shape imageShape() {
        return imageShape;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        // bn_data's output of a one-channel batch comes back N×C×H×W-strided; the batch stays channels-last
        NDArray x =
                ChannelsLast.restride(PreActivationUnit.forward(dataNorm, store, inputs.singletonOrThrow(), training));
        x = PreActivationUnit.forward(forwardStem, store, x, training);
        if (forwardStemNorm != null) {
            x = Activation.relu(PreActivationUnit.forward(forwardStemNorm, store, x, training));
            x = Pool.maxPool2d(x, POOL_KERNEL, POOL_STRIDE, POOL_PAD, false);
        }
        for (PreActivationUnit unit : units) {
            x = PreActivationUnit.forward(unit, store, x, training);
        }
        x = Activation.relu(PreActivationUnit.forward(featureNorm, store, x, training));
        x = Pool.globalAvgPool2d(x).reshape(x.getShape().get(0), -1);
        return new NDList(PreActivationUnit.forward(classifier, store, x, training));
    }

    /** For inference, see {@link BatchNormFolding}: returns how many norms were folded. */
    int foldBatchNorms() {
        int folded = 0;
        if (stemNorm != null) {
            forwardStem = FoldedConvolution.of(stem, stemNorm);
            forwardStemNorm = Blocks.identityBlock();
            folded++;
        }
        for (PreActivationUnit unit : units) {
            folded += unit.foldBatchNorms();
        }
        return folded;
    }

    /** The network as SageMaker's {@code image-classification-symbol.json} describes it. */
    public MxNetSymbol symbol() {
        SymbolGraph graph = new SymbolGraph();
        Entry x = MxNetOperators.identity(graph, "id", MxNetOperators.input(graph, "data"));
        x = batchNorm(graph, "bn_data", x, dataNorm);
        x = MxNetOperators.convolution(graph, "conv0", x, stem, true, WORKSPACE);
        if (stemNorm != null) {
            x = MxNetOperators.relu(graph, "relu0", batchNorm(graph, "bn0", x, stemNorm));
            x = MxNetOperators.maxPooling(graph, x, POOL_KERNEL, POOL_STRIDE, POOL_PAD);
        }
        for (PreActivationUnit unit : units) {
            x = unit.appendTo(graph, x, WORKSPACE);
        }
        x = MxNetOperators.relu(graph, "relu1", batchNorm(graph, "bn1", x, featureNorm));
        x = MxNetOperators.globalAveragePooling(graph, "pool1", x, GLOBAL_POOL_KERNEL);
        x = MxNetOperators.fullyConnected(graph, CLASSIFIER, MxNetOperators.flatten(graph, x), numClasses);
        return graph.build(MxNetOperators.softmaxOutput(graph, "softmax", x));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        dataNorm.initialize(manager, dataType, shape);
        stem.initialize(manager, dataType, shape);
        shape = stem.getOutputShapes(new Shape[] {shape})[0];
        if (stemNorm != null) {
            stemNorm.initialize(manager, dataType, shape);
            shape = new Shape(shape.get(0), shape.get(1), pooled(shape.get(2)), pooled(shape.get(3)));
        }
        for (PreActivationUnit unit : units) {
            unit.initialize(manager, dataType, shape);
            shape = unit.getOutputShapes(new Shape[] {shape})[0];
        }
        featureNorm.initialize(manager, dataType, shape);
        classifier.initialize(manager, dataType, new Shape(shape.get(0), shape.get(1)));
    }

    static BatchNorm batchNorm(boolean fixGamma) {
        return new BatchNorm(ResNets.BATCH_NORM_EPSILON, BN_MOMENTUM, fixGamma);
    }

    private static Entry batchNorm(SymbolGraph graph, String name, Entry data, BatchNorm norm) {
        return MxNetOperators.batchNorm(graph, name, data, norm.epsilon(), norm.momentum(), norm.fixGamma());
    }

    /** The size after the 3x3, stride 2, pad 1 max-pool (MXNet's and PyTorch's floor convention). */
    private static long pooled(long size) {
        return (size + 2 * POOL_PAD.get(0) - POOL_KERNEL.get(0)) / POOL_STRIDE.get(0) + 1;
    }
}
