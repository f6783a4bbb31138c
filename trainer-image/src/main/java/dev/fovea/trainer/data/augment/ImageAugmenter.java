package dev.fovea.trainer.data.augment;

import dev.fovea.trainer.data.image.Pixels;
import java.util.SplittableRandom;

/**
 * One step of the decode-side pipeline, the Java-memory counterpart of a DJL {@code Transform}: it works on 8-bit
 * {@link Pixels} on a worker thread, so an image costs no native call; the batch becomes one NDArray afterwards.
 * Random steps draw only from {@code random}, which the pipeline seeds per (seed, epoch, record).
 */
@FunctionalInterface
public interface ImageAugmenter {

    Pixels apply(Pixels image, SplittableRandom random);
}
