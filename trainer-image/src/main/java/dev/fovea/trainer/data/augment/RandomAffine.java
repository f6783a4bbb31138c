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
        double[] m = matrix(params, w, h);
        double det = m[0] * m[4] - m[1] * m[3];
        double i00 = m[4] / det;
        double i01 = -m[1] / det;
        double i10 = -m[3] / det;
        double i11 = m[0] / det;
        Pixels out = Pixels.blank(w, h, image.channels());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = x - m[2];
                double dy = y - m[5];
                double sx = i00 * dx + i01 * dy;
                double sy = i10 * dx + i11 * dy;
                for (int c = 0; c < image.channels(); c++) {
                    out.set(x, y, c, bilinear(image, sx, sy, c, fill));
                }
            }
        }
        return out;
    }

    private static int bilinear(Pixels image, double x, double y, int c, int fill) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double wx = x - x0;
        double wy = y - y0;
        double top = sample(image, x0, y0, c, fill) * (1 - wx) + sample(image, x0 + 1, y0, c, fill) * wx;
        double bottom = sample(image, x0, y0 + 1, c, fill) * (1 - wx) + sample(image, x0 + 1, y0 + 1, c, fill) * wx;
        return (int) Math.round(top * (1 - wy) + bottom * wy);
    }

    private static int sample(Pixels image, int x, int y, int c, int fill) {
        if (x < 0 || y < 0 || x >= image.width() || y >= image.height()) {
            return fill;
        }
        return image.get(x, y, c);
    }
}
