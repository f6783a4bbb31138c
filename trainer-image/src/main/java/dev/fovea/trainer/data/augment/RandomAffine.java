package dev.fovea.trainer.data.augment;

import dev.fovea.trainer.data.image.Pixels;
import java.util.SplittableRandom;

/**
 * MXNet's {@code max_rotate_angle/max_shear_ratio/max_aspect_ratio} (SageMaker's {@code crop_color_transform}: 10, 0.1,
 * 0.25): an integer rotation angle in [−maxAngle, maxAngle] degrees, a shear in [−maxShear, maxShear] and an aspect
 * ratio 1 + U[−maxAspect, maxAspect], combined into the same 2×3 matrix as MXNet's {@code DefaultImageAugmenter} and
 * applied like {@code cv::warpAffine} (bilinear, output the size of the input, borders filled with MXNet's default
 * {@code fill_value} 255).
 */
public record RandomAffine(int maxAngle, double maxShear, double maxAspect, int fill) implements ImageAugmenter {

    /** The parameters drawn for one image. */
    public record Params(int angleDegrees, double shear, double aspectRatio) {}

    public static RandomAffine sageMaker() {
        return new RandomAffine(10, 0.1, 0.25, 255);
    }

    public Params sample(SplittableRandom random) {
        int angle = random.nextInt(-maxAngle, maxAngle + 1);
        double shear = maxShear == 0 ? 0 : random.nextDouble(-maxShear, maxShear);
        double ratio = 1 + (maxAspect == 0 ? 0 : random.nextDouble(-maxAspect, maxAspect));
        return new Params(angle, shear, ratio);
    }

    @Override
    public Pixels apply(Pixels image, SplittableRandom random) {
        return warp(image, sample(random), fill);
    }

    /** The forward matrix {@code [m00 m01 m02; m10 m11 m12]} that MXNet builds for these parameters. */
    public static double[] matrix(Params params, int width, int height) {
        double a = Math.cos(Math.toRadians(params.angleDegrees()));
        double b = Math.sin(Math.toRadians(params.angleDegrees()));
        double hs = 2 / (1 + params.aspectRatio());
        double ws = params.aspectRatio() * hs;
        double s = params.shear();
        double m00 = hs * a - s * b * ws;
        double m10 = -b * ws;
        double m01 = hs * b + s * a * ws;
        double m11 = a * ws;
        double m02 = (width - (m00 * width + m01 * height)) / 2;
        double m12 = (height - (m10 * width + m11 * height)) / 2;
        return new double[] {m00, m01, m02, m10, m11, m12};
    }

    public static Pixels warp(Pixels image, Params params, int fill) {
        int w = image.width();
        int h = image.height();
        int channels = image.channels();
        double[] m = matrix(params, w, h);
        double det = m[0] * m[4] - m[1] * m[3];
        double i00 = m[4] / det;
        double i01 = -m[1] / det;
        double i10 = -m[3] / det;
        double i11 = m[0] / det;
        byte[] in = image.data();
        byte[] out = new byte[in.length];
        for (int y = 0; y < h; y++) {
            double dy = y - m[5];
            for (int x = 0; x < w; x++) {
                double dx = x - m[2];
                double sx = i00 * dx + i01 * dy;
                double sy = i10 * dx + i11 * dy;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double wx = sx - x0;
                double wy = sy - y0;
                int target = (y * w + x) * channels;
                if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
                    interpolateInside(in, out, w, channels, x0, y0, wx, wy, target);
                    continue;
                }
                for (int c = 0; c < channels; c++) {
                    double top = at(in, w, h, channels, x0, y0, c, fill) * (1 - wx)
                            + at(in, w, h, channels, x0 + 1, y0, c, fill) * wx;
                    double bottom = at(in, w, h, channels, x0, y0 + 1, c, fill) * (1 - wx)
                            + at(in, w, h, channels, x0 + 1, y0 + 1, c, fill) * wx;
                    out[target + c] = (byte) (int) Math.round(top * (1 - wy) + bottom * wy);
                }
            }
        }
        return new Pixels(w, h, channels, out);
    }

    /** The common case, all four neighbours inside the image: no bounds checks. */
    private static void interpolateInside(
            byte[] in, byte[] out, int w, int channels, int x0, int y0, double wx, double wy, int target) {
        int topLeft = (y0 * w + x0) * channels;
        int bottomLeft = topLeft + w * channels;
        for (int c = 0; c < channels; c++) {
            double top = (in[topLeft + c] & 0xff) * (1 - wx) + (in[topLeft + channels + c] & 0xff) * wx;
            double bottom = (in[bottomLeft + c] & 0xff) * (1 - wx) + (in[bottomLeft + channels + c] & 0xff) * wx;
            out[target + c] = (byte) (int) (top * (1 - wy) + bottom * wy + 0.5);
        }
    }

    private static int at(byte[] data, int w, int h, int channels, int x, int y, int c, int fill) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return fill;
        }
        return data[(y * w + x) * channels + c] & 0xff;
    }
}
