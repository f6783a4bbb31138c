package dev.fovea.trainer.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;
import java.util.regex.Pattern;

/**
 * The torchvision-style network, the one torchvision's {@code .pt}/{@code .pth} weights load into (their
 * post-activation units do not fit {@link SageMakerResNet}, the pre-activation network Fovea trains by default). It
 * is also the network of every model Fovea wrote before it trained SageMaker's ({@link NetworkFamily#TORCHVISION}).
 *
 * <p>The ResNets of He et al. 2015 ("Deep Residual Learning for Image Recognition") as DJL blocks:
 * post-activation units, projection shortcuts (option B) in the ImageNet family and parameter-free
 * zero-padding shortcuts (option A) in the CIFAR family, so the parameter counts are the paper's.
 *
 * <p>The family follows from the depth, not from the image size. Small images work in the
 * ImageNet family too: a 28x28 input becomes 14x14 after the stem, 7x7 after the max-pool and 1x1
 * after the last stage (any input of at least 1x1 works; below 32x32 the last stages see one
 * pixel, so a CIFAR depth is the better choice for small images).
 */
public final class ResNets {

    /**
     * The epsilon every batch norm adds to the variance: MXNet's resnet.py value (DJL's and PyTorch's default is
     * 1e-5), public so that weights from another framework can be adapted to it.
     */
    public static final float BATCH_NORM_EPSILON = 2e-5f;

    /**
     * The classifier is the only {@code Linear} directly inside the top-level block; nested blocks'
     * parameters carry their own block's prefix ({@code 05SequentialBlock_...}).
     */
    private static final Pattern CLASSIFIER_PARAMETER = Pattern.compile("^\\d+Linear_(weight|bias)$");

    private ResNets() {}

    /**
     * Builds an uninitialised ResNet; initialise it with the input shape {@code (N, c, h, w)}.
     *
     * @param numLayers the depth: 18, 34, 50, 101, 152, 200 (ImageNet) or 20, 32, 44, 56, 110
     *     (CIFAR)
     * @param numClasses the number of output classes
     * @param imageShape the input image shape {@code (c, h, w)}
     * @return the network, whose output is the unnormalised class scores {@code (N, numClasses)}
     * @throws IllegalArgumentException naming the field and the allowed values on a bad argument
     */
    public static Block build(int numLayers, int numClasses, Shape imageShape) {
        ResNetLayout layout = ResNetLayout.of(numLayers);
        NetworkArguments.check(numClasses, imageShape);
        SequentialBlock net = new SequentialBlock();
        addStem(net, layout);
        int inputChannels = layout.stemWidth();
        for (int stage = 0; stage < layout.unitsPerStage().size(); stage++) {
            net.add(stage(layout, stage, inputChannels));
            inputChannels = layout.outputChannels(stage);
        }
        net.add(Pool.globalAvgPool2dBlock());
        net.add(Linear.builder().setUnits(numClasses).build());
        // MXNet's image-classification training initialises with Xavier(gaussian, in, 2): He init.
        net.setInitializer(new XavierInitializer(RandomType.GAUSSIAN, FactorType.IN, 2), Parameter.Type.WEIGHT);
        return net;
    }

    /** Whether {@code numLayers} is one of the ImageNet family's depths (18 ... 200). */
    public static boolean isImageNetDepth(int numLayers) {
        return ResNetLayout.isImageNetDepth(numLayers);
    }

    /** Whether {@code numLayers} is one of the CIFAR family's depths (20, 32, 44, 56, 110). */
    public static boolean isCifarDepth(int numLayers) {
        return ResNetLayout.isCifarDepth(numLayers);
    }

    /**
     * Whether a parameter (by its name in {@code block.getParameters()}) belongs to the top
     * fully-connected layer, the one {@code usePretrainedModel=1} re-initialises.
     */
    public static boolean isClassifierParameter(String parameterName) {
        return CLASSIFIER_PARAMETER.matcher(parameterName).matches();
    }

    private static void addStem(SequentialBlock net, ResNetLayout layout) {
        if (layout.family() == ResNetLayout.Family.IMAGENET) {
            net.add(ResidualUnits.conv(layout.stemWidth(), 7, 2))
                    .add(ResidualUnits.batchNorm())
                    .add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        } else {
            net.add(ResidualUnits.conv(layout.stemWidth(), 3, 1))
                    .add(ResidualUnits.batchNorm())
                    .add(Activation.reluBlock());
        }
    }

    private static Block stage(ResNetLayout layout, int stage, int inputChannels) {
        SequentialBlock units = new SequentialBlock();
        int width = layout.stageWidths().get(stage);
        int outputChannels = layout.outputChannels(stage);
        for (int unit = 0; unit < layout.unitsPerStage().get(stage); unit++) {
            int stride = unit == 0 && stage > 0 ? 2 : 1;
            boolean shapeChanges = stride != 1 || (unit == 0 && inputChannels != outputChannels);
            Block shortcut = shapeChanges ? shortcut(layout, outputChannels, stride) : ResidualUnits.identity();
            units.add(
                    layout.bottleneck()
                            ? ResidualUnits.bottleneck(width, stride, shortcut)
                            : ResidualUnits.basic(width, stride, shortcut));
        }
        return units;
    }

    private static Block shortcut(ResNetLayout layout, int outputChannels, int stride) {
        return layout.family() == ResNetLayout.Family.CIFAR
                ? ResidualUnits.zeroPaddedSubsample()
                : ResidualUnits.projection(outputChannels, stride);
    }
}
