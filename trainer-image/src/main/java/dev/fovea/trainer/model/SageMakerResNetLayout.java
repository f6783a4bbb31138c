package dev.fovea.trainer.model;

import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The plan of SageMaker's network for one {@code num_layers} and {@code image_shape}, chosen as MXNet's
 * {@code symbols/resnet.py} ({@code get_symbol} and {@code resnet}) chooses it:
 *
 * <ul>
 *   <li>images at most 28 pixels high get the CIFAR layout: three stages of {@code (num_layers - 2) / 6} basic units
 *       of widths 16, 32, 64 ({@code num_layers} 20, 32, 44, 56, 110, and also 50 and 152), or, from 164 layers on,
 *       {@code (num_layers - 2) / 9} bottleneck units of widths 64, 128, 256 (200);
 *   <li>taller images get the ImageNet layout: four stages with the paper's unit counts, basic units of widths 64, 128,
 *       256, 512 below 50 layers, bottleneck units of widths 256, 512, 1024, 2048 from 50 on;
 *   <li>images at most 32 pixels high start with a 3x3 convolution of stride 1; taller ones with a 7x7 convolution of
 *       stride 2, BatchNorm, ReLU and a 3x3 max-pool of stride 2.
 * </ul>
 *
 * MXNet refuses the other combinations ("no experiments done on num_layers"); Fovea, whose validation accepts every
 * listed depth with every image shape, gives them the layout the depth is listed under instead: 18, 34 and 101 on
 * small images the ImageNet layout, 20 to 110 on taller images the CIFAR one.
 *
 * @param numLayers the depth
 * @param unitsPerStage the number of residual units in each stage
 * @param filterList the stem's width, then each stage's output width (resnet.py's {@code filter_list})
 * @param bottleneck whether the units are 1x1-3x3-1x1 bottlenecks (else two 3x3 convolutions)
 * @param smallStem whether the stem is the 3x3 convolution alone (images at most 32 pixels high)
 */
public record SageMakerResNetLayout(
        int numLayers, List<Integer> unitsPerStage, List<Integer> filterList, boolean bottleneck, boolean smallStem) {

    /** resnet.py's height limits: at most this high, the CIFAR layout. */
    private static final int CIFAR_MAX_HEIGHT = 28;
    /** ... and at most this high, the small stem. */
    private static final int SMALL_STEM_MAX_HEIGHT = 32;
    /** From this depth on, the CIFAR layout uses bottleneck units. */
    private static final int CIFAR_BOTTLENECK_MIN_LAYERS = 164;

    private static final List<Integer> CIFAR_BASIC_FILTERS = List.of(16, 16, 32, 64);
    private static final List<Integer> CIFAR_BOTTLENECK_FILTERS = List.of(16, 64, 128, 256);
    private static final List<Integer> IMAGENET_BASIC_FILTERS = List.of(64, 64, 128, 256, 512);
    private static final List<Integer> IMAGENET_BOTTLENECK_FILTERS = List.of(64, 256, 512, 1024, 2048);
    private static final int IMAGENET_BOTTLENECK_MIN_LAYERS = 50;
    private static final Map<Integer, List<Integer>> IMAGENET_UNITS = Map.of(
            18, List.of(2, 2, 2, 2),
            34, List.of(3, 4, 6, 3),
            50, List.of(3, 4, 6, 3),
            101, List.of(3, 4, 23, 3),
            152, List.of(3, 8, 36, 3),
            200, List.of(3, 24, 36, 3));

    public SageMakerResNetLayout {
        unitsPerStage = List.copyOf(unitsPerStage);
        filterList = List.copyOf(filterList);
    }

    /**
     * The layout SageMaker builds for {@code numLayers} on images of {@code imageShape} {@code (c, h, w)}.
     *
     * @throws IllegalArgumentException naming the allowed depths when {@code numLayers} is not one
     */
    public static SageMakerResNetLayout of(int numLayers, Shape imageShape) {
        if (!ResNetLayout.SUPPORTED_DEPTHS.contains(numLayers)) {
            throw new IllegalArgumentException(
                    "numLayers=" + numLayers + " is not a ResNet depth; allowed: " + ResNetLayout.SUPPORTED_DEPTHS);
        }
        long height = imageShape.get(1);
        boolean smallStem = height <= SMALL_STEM_MAX_HEIGHT;
        boolean cifarFits = cifarBottleneck(numLayers) || cifarBasic(numLayers);
        if ((height <= CIFAR_MAX_HEIGHT && cifarFits) || !IMAGENET_UNITS.containsKey(numLayers)) {
            return cifar(numLayers, smallStem);
        }
        boolean bottleneck = numLayers >= IMAGENET_BOTTLENECK_MIN_LAYERS;
        return new SageMakerResNetLayout(
                numLayers,
                IMAGENET_UNITS.get(numLayers),
                bottleneck ? IMAGENET_BOTTLENECK_FILTERS : IMAGENET_BASIC_FILTERS,
                bottleneck,
                smallStem);
    }

    /**
     * The depth a layout of these units has: two weighted layers per basic unit, three per bottleneck, plus the stem
     * convolution and the classifier.
     */
    public static int depth(List<Integer> unitsPerStage, boolean bottleneck) {
        int units = unitsPerStage.stream().mapToInt(Integer::intValue).sum();
        return (bottleneck ? 3 : 2) * units + 2;
    }

    /** The stem convolution's width. */
    public int stemWidth() {
        return filterList.getFirst();
    }

    /** The number of channels stage {@code stage} (from 0) outputs. */
    public int outputChannels(int stage) {
        return filterList.get(stage + 1);
    }

    /** The number of channels the last stage outputs, the classifier's input. */
    public int featureChannels() {
        return filterList.getLast();
    }

    private static SageMakerResNetLayout cifar(int numLayers, boolean smallStem) {
        boolean bottleneck = cifarBottleneck(numLayers);
        int units = bottleneck ? (numLayers - 2) / 9 : (numLayers - 2) / 6;
        return new SageMakerResNetLayout(
                numLayers,
                Collections.nCopies(3, units),
                bottleneck ? CIFAR_BOTTLENECK_FILTERS : CIFAR_BASIC_FILTERS,
                bottleneck,
                smallStem);
    }

    private static boolean cifarBottleneck(int numLayers) {
        return numLayers >= CIFAR_BOTTLENECK_MIN_LAYERS && (numLayers - 2) % 9 == 0;
    }

    private static boolean cifarBasic(int numLayers) {
        return numLayers < CIFAR_BOTTLENECK_MIN_LAYERS && (numLayers - 2) % 6 == 0;
    }
}
