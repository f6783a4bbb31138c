package dev.fovea.trainer.data.augment;

import dev.fovea.trainer.data.image.Pixels;
import java.util.SplittableRandom;

/**
 * MXNet's {@code random_h/random_s/random_l} (SageMaker's {@code crop_color}: 36, 50, 50): one uniform integer offset
 * per image for each of H ∈ [−maxHue, maxHue], S ∈ [−maxSaturation, maxSaturation], L ∈ [−maxLightness, maxLightness],
 * added in OpenCV's 8-bit HLS and clamped (H to [0,180], L and S to [0,255]) as MXNet's augmenter does. A gray image
 * has no hue or saturation, so only the lightness offset changes it. (MXNet draws {@code (int) (U[0,1) * 2m - m)},
 * which truncates towards zero and so favours 0 and never reaches ±m; SageMaker documents uniform integers in
 * [−m, m], which is what is drawn here.)
 */
public record HlsJitter(int maxHue, int maxSaturation, int maxLightness) implements ImageAugmenter {

    /** The per-image offsets drawn for one image. */
    public record Offsets(int hue, int saturation, int lightness) {}

    /** SageMaker's {@code crop_color} ranges. */
    public static HlsJitter sageMaker() {
        return new HlsJitter(36, 50, 50);
    }

    public Offsets sample(SplittableRandom random) {
        int hue = random.nextInt(-maxHue, maxHue + 1);
        int saturation = random.nextInt(-maxSaturation, maxSaturation + 1);
        int lightness = random.nextInt(-maxLightness, maxLightness + 1);
        return new Offsets(hue, saturation, lightness);
    }

    @Override
    public Pixels apply(Pixels image, SplittableRandom random) {
        return shift(image, sample(random));
    }

    public static Pixels shift(Pixels image, Offsets offsets) {
        byte[] in = image.data();
        byte[] out = new byte[in.length];
        if (image.channels() == 1) {
            for (int i = 0; i < in.length; i++) {
                out[i] = (byte) clamp((in[i] & 0xff) + offsets.lightness(), 255);
            }
            return new Pixels(image.width(), image.height(), 1, out);
        }
        int[] hls = new int[3];
        int[] rgb = new int[3];
        for (int i = 0; i < in.length; i += 3) {
            HlsColor.rgbToHls(in[i] & 0xff, in[i + 1] & 0xff, in[i + 2] & 0xff, hls);
            HlsColor.hlsToRgb(
                    clamp(hls[0] + offsets.hue(), 180),
                    clamp(hls[1] + offsets.lightness(), 255),
                    clamp(hls[2] + offsets.saturation(), 255),
                    rgb);
            out[i] = (byte) rgb[0];
            out[i + 1] = (byte) rgb[1];
            out[i + 2] = (byte) rgb[2];
        }
        return new Pixels(image.width(), image.height(), 3, out);
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(max, value));
    }
}
