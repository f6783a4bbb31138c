package dev.fovea.trainer.data.pipeline;

import dev.fovea.trainer.data.augment.ImageAugmenter;
import dev.fovea.trainer.data.image.ImageCodec;
import dev.fovea.trainer.data.image.Pixels;
import dev.fovea.trainer.data.image.UndecodableImageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * Reads, decodes, augments and normalises one record into its slot of a batch. The augmentation's random draws come
 * from a generator seeded by (seed, pass, record position), so a record looks the same on every run and every host,
 * whichever thread decodes it, and differently in every pass over the channel.
 */
record RecordDecoder(
        ImageSource source,
        ImageAugmenter augmenter,
        Normalization normalization,
        LabelCheck labels,
        int channels,
        int height,
        int width,
        long seed) {

    int imageFloats() {
        return channels * height * width;
    }

    /**
     * Fills slot {@code slot} of {@code data} and {@code labelOut}.
     *
     * @return {@code null} on success, or why the image was skipped (undecodable)
     */
    String decodeInto(int position, int pass, float[] data, float[] labelOut, int slot) {
        EncodedImage record;
        try {
            record = source.read(position);
        } catch (IOException e) {
            throw new UncheckedIOException("reading record " + position + " of " + source.description(), e);
        }
        labels.write(record, labelOut, slot);
        Pixels decoded;
        try {
            decoded = ImageCodec.decode(record.bytes(), channels);
        } catch (UndecodableImageException e) {
            return record.origin() + ": undecodable image: " + e.getMessage();
        }
        Pixels image = augmenter.apply(decoded, new SplittableRandom(Seeds.mix(seed, pass, position)));
        normalization.writeHwc(image, data, slot * imageFloats());
        return null;
    }
}
