package dev.fovea.trainer.data.pipeline;

import ai.djl.ndarray.types.Shape;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.augment.AugmenterChain;
import dev.fovea.trainer.data.augment.ImageAugmenter;
import dev.fovea.trainer.data.image.ImageCodec;
import dev.fovea.trainer.data.image.OpenedImage;
import dev.fovea.trainer.data.image.PixelGate;
import dev.fovea.trainer.data.image.UndecodableImageException;
import java.util.SplittableRandom;

/**
 * Turns encoded image bytes into the network's input: decode to the model's channel count, the augmenter's steps,
 * normalise. The one path every image takes, in training, in validation and when a model serves or transforms
 * images ({@link #centred}), so that a served image is seen exactly as validation saw it.
 */
public final class ImagePreprocessor {

    private final ImageAugmenter augmenter;
    private final Normalization normalization;
    private final PixelGate gate;
    private final boolean strict;
    private final int channels;
    private final int height;
    private final int width;

    private ImagePreprocessor(
            ImageAugmenter augmenter,
            Normalization normalization,
            PixelGate gate,
            boolean strict,
            int channels,
            int height,
            int width) {
        this.augmenter = augmenter;
        this.normalization = normalization;
        this.gate = gate;
        this.strict = strict;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /**
     * The training pipeline's: {@code augmenter} as the job's augmentation asks, images of more than {@code maxPixels}
     * refused undecoded, partly decodable images accepted.
     */
    static ImagePreprocessor forPipeline(
            ImageAugmenter augmenter,
            Normalization normalization,
            long maxPixels,
            int channels,
            int height,
            int width) {
        return new ImagePreprocessor(
                augmenter, normalization, PixelGate.atMost(maxPixels), false, channels, height, width);
    }

    /**
     * The validation view ({@link AugmenterChain#centred}) for prediction: resize, centre crop, the model's
     * normalisation. Images larger than {@code gate} admits and images decoded only in part (truncated) are refused.
     *
     * @param resize the model's {@code resize} (shorter side), or 0 for none
     */
    public static ImagePreprocessor centred(
            int channels, int height, int width, int resize, Normalization normalization, PixelGate gate) {
        return new ImagePreprocessor(
                AugmenterChain.centred(resize, width, height), normalization, gate, true, channels, height, width);
    }

    /** The network's input shape: channels, height, width. */
    public Shape imageShape() {
        return new Shape(channels, height, width);
    }

    /** The number of floats one image takes: channels × height × width. */
    public int imageFloats() {
        return channels * height * width;
    }

    /**
     * Writes the image in {@code encoded} as H×W×C floats into {@code out} at {@code offset}.
     *
     * @param random the augmentation's draws (unused by the centred view)
     * @throws UndecodableImageException when the bytes are not an image this preprocessor accepts
     */
    public void writeHwc(byte[] encoded, SplittableRandom random, float[] out, int offset)
            throws UndecodableImageException {
        try (OpenedImage image = ImageCodec.open(encoded);
                PixelGate.Admission admitted = gate.admit(image.width(), image.height())) {
            normalization.writeHwc(augmenter.apply(image.decode(channels, strict), random), out, offset);
        }
    }

    /** The image as H×W×C floats; an image this preprocessor refuses is a {@link ClientError} naming {@code source}. */
    public float[] toHwc(byte[] encoded, String source) {
        float[] out = new float[imageFloats()];
        try {
            writeHwc(encoded, new SplittableRandom(0), out, 0);
        } catch (UndecodableImageException e) {
            throw new ClientError(source + " is not a JPEG or PNG image the model can read: " + e.getMessage());
        }
        return out;
    }
}
