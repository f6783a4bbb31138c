package dev.fovea.trainer.model;

import java.util.List;
import java.util.Map;

/**
 * The stage plan of one ResNet depth, as tables 1 (ImageNet) and section 4.2 (CIFAR) of He et al.
 * 2015, "Deep Residual Learning for Image Recognition", define it.
 *
 * @param depth the number of weighted layers the net is named after
 * @param family the ImageNet (7x7 stem, four stages) or CIFAR (3x3 stem, three stages) family
 * @param bottleneck whether the units are 1x1-3x3-1x1 bottlenecks (else two 3x3 convolutions)
 * @param unitsPerStage the number of residual units in each stage
 * @param stageWidths the 3x3 convolution width of each stage (bottleneck output is four times it)
 */
public record ResNetLayout(
        int depth, Family family, boolean bottleneck, List<Integer> unitsPerStage, List<Integer> stageWidths) {

    /** The two families of the paper. */
    public enum Family {
        IMAGENET,
        CIFAR
    }

    private static final List<Integer> IMAGENET_WIDTHS = List.of(64, 128, 256, 512);
    private static final List<Integer> CIFAR_WIDTHS = List.of(16, 32, 64);

    /** ImageNet depths: ResNet-200 is from He et al. 2016 ("Identity Mappings"), same plan. */
    private static final Map<Integer, ResNetLayout> IMAGENET = Map.of(
            18, imageNet(18, false, 2, 2, 2, 2),
            34, imageNet(34, false, 3, 4, 6, 3),
            50, imageNet(50, true, 3, 4, 6, 3),
            101, imageNet(101, true, 3, 4, 23, 3),
            152, imageNet(152, true, 3, 8, 36, 3),
            200, imageNet(200, true, 3, 24, 36, 3));

    /** The CIFAR depths the paper trains (6n+2 with n = 3, 5, 7, 9, 18). */
    private static final List<Integer> CIFAR_DEPTHS = List.of(20, 32, 44, 56, 110);

    /** All depths, in the order SageMaker's documentation lists them. */
    public static final List<Integer> SUPPORTED_DEPTHS = List.of(18, 34, 50, 101, 152, 200, 20, 32, 44, 56, 110);

    /**
     * Returns the layout of a supported depth.
     *
     * @param depth the number of layers
     * @return the layout
     * @throws IllegalArgumentException naming the allowed depths when {@code depth} is not one
     */
    public static ResNetLayout of(int depth) {
        ResNetLayout imageNet = IMAGENET.get(depth);
        if (imageNet != null) {
            return imageNet;
        }
        if (CIFAR_DEPTHS.contains(depth)) {
            int n = (depth - 2) / 6;
            return new ResNetLayout(depth, Family.CIFAR, false, List.of(n, n, n), CIFAR_WIDTHS);
        }
        throw new IllegalArgumentException(
                "numLayers=" + depth + " is not a ResNet depth; allowed: " + SUPPORTED_DEPTHS);
    }

    static boolean isImageNetDepth(int depth) {
        return IMAGENET.containsKey(depth);
    }

    static boolean isCifarDepth(int depth) {
        return CIFAR_DEPTHS.contains(depth);
    }

    /** The width of the stem convolution (the first stage's width). */
    public int stemWidth() {
        return stageWidths.getFirst();
    }

    /** The number of channels a stage outputs. */
    public int outputChannels(int stage) {
        return bottleneck ? 4 * stageWidths.get(stage) : stageWidths.get(stage);
    }

    private static ResNetLayout imageNet(int depth, boolean bottleneck, Integer... units) {
        return new ResNetLayout(depth, Family.IMAGENET, bottleneck, List.of(units), IMAGENET_WIDTHS);
    }
}
