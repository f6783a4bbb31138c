package dev.fovea.trainer.data.augment;

import dev.fovea.trainer.data.image.Pixels;
import dev.fovea.trainer.data.image.Resize;
import java.util.SplittableRandom;

/**
 * MXNet's {@code rand_crop}: a {@code width × height} window at a uniformly random position. An image smaller than the
 * window is first scaled up (aspect kept) just enough to cover it.
 */
public record RandomCrop(int width, int height) implements ImageAugmenter {

    @Override
    public Pixels apply(Pixels image, SplittableRandom random) {
        Pixels covering = Resize.toCover(image, width, height);
        int x = random.nextInt(covering.width() - width + 1);
        int y = random.nextInt(covering.height() - height + 1);
        return covering.crop(x, y, width, height);
    }
}
