package dev.fovea.trainer.data.augment;

import dev.fovea.trainer.data.image.Pixels;
import dev.fovea.trainer.data.image.Resize;
import java.util.SplittableRandom;

/** The validation crop: the centred {@code width × height} window (the image scaled up first when smaller). */
public record CenterCrop(int width, int height) implements ImageAugmenter {

    @Override
    public Pixels apply(Pixels image, SplittableRandom random) {
        Pixels covering = Resize.toCover(image, width, height);
        return covering.crop((covering.width() - width) / 2, (covering.height() - height) / 2, width, height);
    }
}
