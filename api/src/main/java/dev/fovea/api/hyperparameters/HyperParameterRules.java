package dev.fovea.api.hyperparameters;

import dev.fovea.api.spec.AnnotationRules;
import dev.fovea.api.spec.EpochList;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageShape;
import dev.fovea.api.spec.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SageMaker's rules for the Image Classification hyperparameters beyond single-field ranges, each once, as small pure
 * functions, judged with SageMaker's defaults filled in (so that, say, an unset epochs counts as 30). Field names in
 * the violations are camelCase ({@code numLayers}); {@code JobValidator} puts them under {@code spec.hyperParameters}.
 * The single-field ranges are the annotations on {@link HyperParameters} (see {@link AnnotationRules}).
 */
public final class HyperParameterRules {

    static final Set<Integer> IMAGENET_NUM_LAYERS = parseSet(HyperParameters.IMAGENET_NUM_LAYERS);
    static final Set<Integer> CIFAR_NUM_LAYERS = parseSet(HyperParameters.CIFAR_NUM_LAYERS);

    private HyperParameterRules() {}

    /** Every rule {@code hyperParameters} breaks, single-field ranges included; empty when they are valid. */
    public static List<Violation> validate(HyperParameters hyperParameters) {
        return validate(hyperParameters, HyperParameterDefaults.applyTo(hyperParameters));
    }

    /** The rules beyond the per-field annotations. */
    public static List<Violation> crossFieldRules(HyperParameters hyperParameters) {
        return crossFieldRulesWithDefaults(HyperParameterDefaults.applyTo(hyperParameters));
    }

    /**
     * {@link #validate} with the defaults already applied: the ranges are judged on what the user wrote (a default
     * derived from a wrong value, such as checkpointFrequency from epochs, would repeat its violation).
     */
    static List<Violation> validate(HyperParameters asWritten, HyperParameters withDefaults) {
        List<Violation> violations =
                AnnotationRules.validate(asWritten == null ? new HyperParameters() : asWritten, null);
        violations.addAll(crossFieldRulesWithDefaults(withDefaults));
        return violations;
    }

    private static List<Violation> crossFieldRulesWithDefaults(HyperParameters withDefaults) {
        List<Violation> violations = new ArrayList<>();
        numLayers(withDefaults).ifPresent(violations::add);
        pretrainedNeedsImageNetLayers(withDefaults).ifPresent(violations::add);
        checkpointFrequencyWithinEpochs(withDefaults).ifPresent(violations::add);
        lrSchedulerStep(withDefaults).ifPresent(violations::add);
        resizeCoversImageShape(withDefaults).ifPresent(violations::add);
        imageShapeWithinBound(withDefaults).ifPresent(violations::add);
        weightedLossNeedsMultiLabel(withDefaults).ifPresent(violations::add);
        return violations;
    }

    static Optional<Violation> numLayers(HyperParameters hp) {
        Integer layers = hp.getNumLayers();
        if (layers == null || IMAGENET_NUM_LAYERS.contains(layers) || CIFAR_NUM_LAYERS.contains(layers)) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                "numLayers",
                layers.toString(),
                "numLayers " + layers + " is not one of "
                        + HyperParameters.IMAGENET_NUM_LAYERS + " (ImageNet) or " + HyperParameters.CIFAR_NUM_LAYERS
                        + " (CIFAR)"));
    }

    static Optional<Violation> pretrainedNeedsImageNetLayers(HyperParameters hp) {
        Integer layers = hp.getNumLayers();
        if (!Integer.valueOf(1).equals(hp.getUsePretrainedModel())
                || layers == null
                || IMAGENET_NUM_LAYERS.contains(layers)) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                "usePretrainedModel",
                "1",
                "usePretrainedModel 1 needs numLayers in "
                        + HyperParameters.IMAGENET_NUM_LAYERS
                        + " (pretrained weights exist only for the ImageNet networks)"
                        + ", but numLayers is " + layers));
    }

    static Optional<Violation> checkpointFrequencyWithinEpochs(HyperParameters hp) {
        Integer frequency = hp.getCheckpointFrequency();
        int epochs = hp.getEpochs();
        if (frequency == null || frequency <= epochs) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                "checkpointFrequency",
                frequency.toString(),
                "checkpointFrequency "
                        + frequency + " is greater than epochs " + epochs
                        + ": it must be a positive integer no greater "
                        + "than epochs"));
    }

    /**
     * The epochs must ascend. SageMaker documents no upper bound: an epoch at or beyond {@code epochs} (the rate would
     * drop after the last epoch) is accepted and never reached, as in MXNet's scheduler.
     */
    static Optional<Violation> lrSchedulerStep(HyperParameters hp) {
        String steps = hp.getLrSchedulerStep();
        if (steps == null || !steps.matches(HyperParameters.EPOCH_LIST_PATTERN)) {
            return Optional.empty(); // a malformed list is reported by the field's @Pattern
        }
        try {
            EpochList.parse(steps);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(new Violation(
                    "lrSchedulerStep", steps, "lrSchedulerStep \"" + steps + "\" is not valid: " + e.getMessage()));
        }
    }

    /** Training crops the resized image to imageShape, so its shorter side must cover the height and the width. */
    static Optional<Violation> resizeCoversImageShape(HyperParameters hp) {
        Integer resize = hp.getResize();
        if (resize == null || !hp.getImageShape().matches(HyperParameters.IMAGE_SHAPE_PATTERN)) {
            return Optional.empty();
        }
        ImageShape shape = ImageShape.parse(hp.getImageShape());
        int needed = Math.max(shape.height(), shape.width());
        if (resize >= needed) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                "resize",
                resize.toString(),
                "resize " + resize + " is smaller than "
                        + needed + ", the larger of imageShape's height and width: it must be at least " + needed
                        + " so that resized images can be cropped to imageShape " + shape));
    }

    /** A side longer than {@link HyperParameters#MAX_IMAGE_SIDE} cannot train even one image per host. */
    static Optional<Violation> imageShapeWithinBound(HyperParameters hp) {
        if (!hp.getImageShape().matches(HyperParameters.IMAGE_SHAPE_PATTERN)) {
            return Optional.empty(); // a malformed shape is reported by the field's @Pattern
        }
        long[] sides = Arrays.stream(hp.getImageShape().split(","))
                .map(String::trim)
                .mapToLong(side -> side.length() > 10 ? Long.MAX_VALUE : Long.parseLong(side))
                .toArray();
        long longest = Math.max(sides[1], sides[2]);
        if (longest <= HyperParameters.MAX_IMAGE_SIDE) {
            return Optional.empty();
        }
        double mebibytes = 4.0 * sides[0] * sides[1] * sides[2] / (1 << 20);
        String size = longest == Long.MAX_VALUE
                ? ""
                : String.format(
                        Locale.ROOT,
                        " (one such image is %.0f MiB as float32 before the network; training needs hundreds of"
                                + " times that)",
                        mebibytes);
        return Optional.of(new Violation(
                "imageShape",
                hp.getImageShape(),
                "imageShape \"" + hp.getImageShape().strip() + "\" is too large: height and width must each be from 1"
                        + " to " + HyperParameters.MAX_IMAGE_SIDE + " pixels" + size));
    }

    /** SageMaker weights the loss of multi-label classification only. */
    static Optional<Violation> weightedLossNeedsMultiLabel(HyperParameters hp) {
        if (hp.getUseWeightedLoss() != 1 || hp.getMultiLabel() == 1) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                "useWeightedLoss",
                "1",
                "useWeightedLoss 1 needs multiLabel 1, but multiLabel is " + hp.getMultiLabel()
                        + ": SageMaker weights the loss of multi-label classification only (by each class's "
                        + "frequency); set useWeightedLoss 0 for single-label data"));
    }

    private static Set<Integer> parseSet(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .collect(Collectors.toUnmodifiableSet());
    }
}
