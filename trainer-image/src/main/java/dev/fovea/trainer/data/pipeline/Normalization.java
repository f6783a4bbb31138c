package dev.fovea.trainer.data.pipeline;

import dev.fovea.trainer.data.image.Pixels;

/**
 * Turns 8-bit pixels into the network's float input, {@code (x / 255 − mean[c]) / std[c]}, keeping the decoder's
 * interleaved H×W×C order (see {@link ChannelsLast} for why the network gets it that way). Three
 * channels use the ImageNet statistics (mean 0.485, 0.456, 0.406; std 0.229, 0.224, 0.225), which suit pretrained
 * weights; one channel uses the data-agnostic mean 0.5, std 0.5 (values in [−1, 1]). Prediction must use the same.
 */
public record Normalization(float[] mean, float[] std) {

    private static final Normalization RGB =
            new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    private static final Normalization GRAY = new Normalization(new float[] {0.5f}, new float[] {0.5f});

    public static Normalization forChannels(int channels) {
        return switch (channels) {
            case 1 -> GRAY;
            case 3 -> RGB;
            default -> throw new IllegalArgumentException("images have 1 or 3 channels, not " + channels);
        };
    }

    /** Writes {@code image} (whose size must be the input size) as H×W×C floats into {@code out} at {@code offset}. */
    public void writeHwc(Pixels image, float[] out, int offset) {
        byte[] data = image.data();
        int channels = image.channels();
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = 1f / (255f * std[c]);
            shift[c] = mean[c] / std[c];
        }
        int values = image.width() * image.height() * channels;
        for (int i = 0; i < values; i += channels) {
            for (int c = 0; c < channels; c++) {
                out[offset + i + c] = (data[i + c] & 0xff) * scale[c] - shift[c];
            }
        }
    }
}
