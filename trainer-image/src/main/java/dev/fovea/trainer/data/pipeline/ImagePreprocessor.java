package dev.fovea.trainer.data.pipeline;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.augment.AugmenterChain;
import dev.fovea.trainer.data.image.ImageCodec;
import dev.fovea.trainer.data.image.Pixels;
import dev.fovea.trainer.data.image.UndecodableImageException;
import java.util.SplittableRandom;

/**
 * One image prepared exactly as validation data is: decoded to the model's channel count, resized (shorter side),
 * centre-cropped and normalised. {@link dev.fovea.trainer.output.Predictor} uses it so that predictions see what
 * training validated on.
 */
public final class ImagePreprocessor {

    private final AugmenterChain chain;
    private final Normalization normalization;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * @param resize the model's {@code resize} (shorter side), or 0 for none
     * @param normalization the model's, as training used it
     */
    public ImagePreprocessor(int channels, int height, int width, int resize, Normalization normalization) {
        this.chain = AugmenterChain.of(null, false, resize, width, height);
        this.normalization = normalization;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** The image as H×W×C floats; an undecodable file is a {@link ClientError} naming {@code source}. */
    public float[] toHwc(byte[] encoded, String source) {
        Pixels decoded;
        try {
            decoded = ImageCodec.decode(encoded, channels);
        } catch (UndecodableImageException e) {
            throw new ClientError(source + " is not a JPEG or PNG image the model can read: " + e.getMessage());
        }
        float[] out = new float[channels * height * width];
        normalization.writeHwc(chain.apply(decoded, new SplittableRandom(0)), out, 0);
        return out;
    }
}
