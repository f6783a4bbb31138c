package dev.fovea.trainer.data.augment;

import dev.fovea.trainer.data.image.Pixels;
import java.util.SplittableRandom;

/** MXNet's {@code rand_mirror}: a horizontal flip with probability 0.5. */
public record RandomMirror() implements ImageAugmenter {

    @Override
    public Pixels apply(Pixels image, SplittableRandom random) {
        return random.nextBoolean() ? image.flipHorizontally() : image;
    }
}
