package dev.fovea.trainer.data.augment;

import dev.fovea.api.spec.AugmentationType;
import dev.fovea.trainer.data.image.Pixels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The steps an image goes through after decoding, in MXNet's {@code ImageRecordIter} order: resize (shorter side) →
 * affine → crop → colour → mirror. SageMaker's {@code augmentation_type} selects MXNet's levels: none = the centred
 * view; {@code crop} = random crop + mirror; {@code crop_color} adds {@link HlsJitter}; {@code crop_color_transform}
 * adds {@link RandomAffine}. Validation data, and every image served or transformed, always gets the centred view.
 */
public record AugmenterChain(List<ImageAugmenter> steps) implements ImageAugmenter {

    /**
     * @param type SageMaker's {@code augmentation_type}, {@code null} for none
     * @param training {@code false} for validation data: the centred view, no augmentation
     * @param resize the shorter side to resize to, or {@code 0} for none (the centred view then resizes to the crop)
     */
    public static AugmenterChain of(AugmentationType type, boolean training, int resize, int width, int height) {
        if (!training || type == null) {
            return centred(resize, width, height);
        }
        List<ImageAugmenter> steps = new ArrayList<>();
        if (resize > 0) {
            steps.add(new ResizeShorterSide(resize));
        }
        if (type == AugmentationType.CROP_COLOR_TRANSFORM) {
            steps.add(RandomAffine.sageMaker());
        }
        steps.add(new RandomCrop(width, height));
        if (type != AugmentationType.CROP) {
            steps.add(HlsJitter.sageMaker());
        }
        steps.add(new RandomMirror());
        return new AugmenterChain(List.copyOf(steps));
    }

    /**
     * The model's view of a whole image, as SageMaker validates and serves: the shorter side resized to
     * {@code resize}, or, when that is unset, to the crop's shorter side (so a 112×112 digit is seen whole by a
     * 28×28 model, not as its central 28×28 fragment), then the centred {@code width × height} crop.
     */
    public static AugmenterChain centred(int resize, int width, int height) {
        int shorterSide = resize > 0 ? resize : Math.min(width, height);
        return new AugmenterChain(List.of(new ResizeShorterSide(shorterSide), new CenterCrop(width, height)));
    }

    @Override
    public Pixels apply(Pixels image, SplittableRandom random) {
        Pixels current = image;
        for (ImageAugmenter step : steps) {
            current = step.apply(current, random);
        }
        return current;
    }
}
