package dev.fovea.trainer.data.augment;

import dev.fovea.api.spec.AugmentationType;
import dev.fovea.trainer.data.image.Pixels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The steps an image goes through after decoding, in MXNet's {@code ImageRecordIter} order: resize (shorter side) →
 * affine → crop → colour → mirror. SageMaker's {@code augmentation_type} selects MXNet's levels: none = centre crop;
 * {@code crop} = random crop + mirror; {@code crop_color} adds {@link HlsJitter}; {@code crop_color_transform} adds
 * {@link RandomAffine}. Validation data always gets the centre crop only.
 */
public record AugmenterChain(List<ImageAugmenter> steps) implements ImageAugmenter {

    /**
     * @param type SageMaker's {@code augmentation_type}, {@code null} for none
     * @param training {@code false} for validation data: centre crop, no augmentation
     * @param resize the shorter side to resize to, or {@code 0} to keep the decoded size
     */
    public static AugmenterChain of(AugmentationType type, boolean training, int resize, int width, int height) {
        List<ImageAugmenter> steps = new ArrayList<>();
        if (resize > 0) {
            steps.add(new ResizeShorterSide(resize));
        }
        if (!training || type == null) {
            steps.add(new CenterCrop(width, height));
            return new AugmenterChain(List.copyOf(steps));
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

    @Override
    public Pixels apply(Pixels image, SplittableRandom random) {
        Pixels current = image;
        for (ImageAugmenter step : steps) {
            current = step.apply(current, random);
        }
        return current;
    }
}
