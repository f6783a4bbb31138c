package dev.fovea.trainer.data.augment;

/**
 * OpenCV's 8-bit RGB ⇄ HLS conversion ({@code COLOR_RGB2HLS}/{@code COLOR_HLS2RGB}): H in [0,180) (degrees / 2),
 * L and S in [0,255]. MXNet's colour augmentation shifts these 8-bit values, so the same scale is used here.
 */
final class HlsColor {

    private static final int[][] SECTORS = {{1, 3, 0}, {1, 0, 2}, {3, 0, 1}, {0, 2, 1}, {0, 1, 3}, {2, 1, 0}};

    private HlsColor() {}

    /** {@code out} receives H, L, S. */
    static void rgbToHls(int red, int green, int blue, int[] out) {
        float r = red / 255f;
        float g = green / 255f;
        float b = blue / 255f;
        float max = Math.max(r, Math.max(g, b));
        float min = Math.min(r, Math.min(g, b));
        float diff = max - min;
        float l = (max + min) * 0.5f;
        float h = 0;
        float s = 0;
        if (diff > Math.ulp(1f)) {
            s = l < 0.5f ? diff / (max + min) : diff / (2 - max - min);
            float scale = 60f / diff;
            if (max == r) {
                h = (g - b) * scale;
            } else if (max == g) {
                h = (b - r) * scale + 120;
            } else {
                h = (r - g) * scale + 240;
            }
            if (h < 0) {
                h += 360;
            }
        }
        out[0] = saturate(h * 0.5f, 255);
        out[1] = saturate(l * 255, 255);
        out[2] = saturate(s * 255, 255);
    }

    /** {@code out} receives R, G, B. */
    static void hlsToRgb(int hue, int lightness, int saturation, int[] out) {
        float l = lightness / 255f;
        float s = saturation / 255f;
        if (s == 0) {
            int gray = saturate(l * 255, 255);
            out[0] = gray;
            out[1] = gray;
            out[2] = gray;
            return;
        }
        float p2 = l <= 0.5f ? l * (1 + s) : l + s - l * s;
        float p1 = 2 * l - p2;
        float h = hue * 2f / 60f;
        while (h >= 6) {
            h -= 6;
        }
        int sector = (int) Math.floor(h);
        h -= sector;
        float[] tab = {p2, p1, p1 + (p2 - p1) * (1 - h), p1 + (p2 - p1) * h};
        out[2] = saturate(tab[SECTORS[sector][0]] * 255, 255);
        out[1] = saturate(tab[SECTORS[sector][1]] * 255, 255);
        out[0] = saturate(tab[SECTORS[sector][2]] * 255, 255);
    }

    private static int saturate(float value, int max) {
        return Math.max(0, Math.min(max, Math.round(value)));
    }
}
