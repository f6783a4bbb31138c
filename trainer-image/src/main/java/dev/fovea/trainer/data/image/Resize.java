package dev.fovea.trainer.data.image;

/** Bilinear resizing with OpenCV's half-pixel-centre convention ({@code INTER_LINEAR}, MXNet's default). */
public final class Resize {

    private Resize() {}

    /** Scales so the shorter side becomes {@code shorterSide}, keeping the aspect ratio (MXNet's {@code resize}). */
    public static Pixels shorterSide(Pixels image, int shorterSide) {
        int w = image.width();
        int h = image.height();
        if (Math.min(w, h) == shorterSide) {
            return image;
        }
        if (w <= h) {
            return to(image, shorterSide, Math.max(1, Math.round((float) h * shorterSide / w)));
        }
        return to(image, Math.max(1, Math.round((float) w * shorterSide / h)), shorterSide);
    }

    /** Scales up, keeping the aspect ratio, just enough that a {@code w × h} crop fits; unchanged when it already does. */
    public static Pixels toCover(Pixels image, int w, int h) {
        if (image.width() >= w && image.height() >= h) {
            return image;
        }
        double scale = Math.max((double) w / image.width(), (double) h / image.height());
        return to(image, Math.max(w, (int) Math.ceil(image.width() * scale)), Math.max(h, (int)
                Math.ceil(image.height() * scale)));
    }

    public static Pixels to(Pixels image, int newWidth, int newHeight) {
        if (newWidth == image.width() && newHeight == image.height()) {
            return image;
        }
        int channels = image.channels();
        Pixels out = Pixels.blank(newWidth, newHeight, channels);
        double sx = (double) image.width() / newWidth;
        double sy = (double) image.height() / newHeight;
        for (int y = 0; y < newHeight; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, image.height() - 1);
            int y1 = Math.min(y0 + 1, image.height() - 1);
            double wy = fy - y0;
            for (int x = 0; x < newWidth; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, image.width() - 1);
                int x1 = Math.min(x0 + 1, image.width() - 1);
                double wx = fx - x0;
                for (int c = 0; c < channels; c++) {
                    double top = image.get(x0, y0, c) * (1 - wx) + image.get(x1, y0, c) * wx;
                    double bottom = image.get(x0, y1, c) * (1 - wx) + image.get(x1, y1, c) * wx;
                    out.set(x, y, c, (int) Math.round(top * (1 - wy) + bottom * wy));
                }
            }
        }
        return out;
    }
}
