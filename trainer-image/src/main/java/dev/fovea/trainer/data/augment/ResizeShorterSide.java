package dev.fovea.trainer.data.augment;

import dev.fovea.trainer.data.image.Pixels;
import dev.fovea.trainer.data.image.Resize;
import java.util.SplittableRandom;

/** SageMaker's {@code resize}: the shorter side becomes {@code shorterSide}, aspect ratio kept. */
public record ResizeShorterSide(int shorterSide) implements ImageAugmenter {

    @Override
    public Pixels apply(Pixels image, SplittableRandom random) {
        return Resize.shorterSide(image, shorterSide);
    }
}
