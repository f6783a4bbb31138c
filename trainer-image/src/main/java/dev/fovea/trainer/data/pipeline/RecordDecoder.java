package dev.fovea.trainer.data.pipeline;

import dev.fovea.trainer.data.image.UndecodableImageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * Reads one record and prepares it ({@link ImagePreprocessor}) into its slot of a batch. The augmentation's random
 * draws come from a generator seeded by (seed, pass, record position), so a record looks the same on every run and
 * every host, whichever thread decodes it, and differently in every pass over the channel.
 */
record RecordDecoder(ImageSource source, ImagePreprocessor preprocessor, LabelCheck labels, long seed) {

    int imageFloats() {
        return preprocessor.imageFloats();
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
        try {
            preprocessor.writeHwc(
                    record.bytes(), new SplittableRandom(Seeds.mix(seed, pass, position)), data, slot * imageFloats());
        } catch (UndecodableImageException e) {
            return record.origin() + ": undecodable image: " + e.getMessage();
        }
        return null;
    }
}
