package dev.fovea.trainer.data.pipeline;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.augment.AugmenterChain;
import dev.fovea.trainer.data.image.ImageCodec;
import dev.fovea.trainer.data.image.Pixels;
import dev.fovea.trainer.data.image.UndecodableImageException;
import java.util.SplittableRandom;

/**
 * One image prepared exactly as validation data is: decoded to the model's channel count, resized (shorter side),
 * centre-cropped and normalised. {@code fovea predict} uses it so that predictions see what training validated on.
 */
public final class ImagePreprocessor {

    private final AugmenterChain chain;
    private final Normalization normalization;
    private final int channels;
    private final int height;
    private final int width;

    /** @param resize the model's {@code resize} (shorter side), or 0 for none */
    public ImagePreprocessor(int channels, int height, int width, int resize) {
        this.chain = AugmenterChain.of(null, false, resize, width, height);
        this.normalization = Normalization.forChannels(channels);
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** The image as C×H×W floats; an undecodable file is a {@link ClientError} naming {@code source}. */
    public float[] toChw(byte[] encoded, String source) {
        Pixels decoded;
        try {
            decoded = ImageCodec.decode(encoded, channels);
        } catch (UndecodableImageException e) {
            throw new ClientError(source + " is not a JPEG or PNG image the model can read: " + e.getMessage());
        }
        float[] out = new float[channels * height * width];
        normalization.writeChw(chain.apply(decoded, new SplittableRandom(0)), out, 0);
        return out;
    }
}
