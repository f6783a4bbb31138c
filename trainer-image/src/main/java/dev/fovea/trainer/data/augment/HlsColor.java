package dev.fovea.trainer.data.augment;

/**
 * OpenCV's 8-bit RGB ⇄ HLS conversion ({@code COLOR_RGB2HLS}/{@code COLOR_HLS2RGB}): H in [0,180) (degrees / 2),
 * L and S in [0,255]. MXNet's colour augmentation shifts these 8-bit values, so the same scale is used here.
 */
final class HlsColor {

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

    /** {@code out} receives R, G, B (OpenCV's sector table, written out so that no pixel allocates). */
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
        int sector = (int) h;
        h -= sector;
        float falling = p1 + (p2 - p1) * (1 - h);
        float rising = p1 + (p2 - p1) * h;
        float r;
        float g;
        float b;
        switch (sector) {
            case 0 -> {
                r = p2;
                g = rising;
                b = p1;
            }
            case 1 -> {
                r = falling;
                g = p2;
                b = p1;
            }
            case 2 -> {
                r = p1;
                g = p2;
                b = rising;
            }
            case 3 -> {
                r = p1;
                g = falling;
                b = p2;
            }
            case 4 -> {
                r = rising;
                g = p1;
                b = p2;
            }
            default -> {
                r = p2;
                g = p1;
                b = falling;
            }
        }
        out[0] = saturate(r * 255, 255);
        out[1] = saturate(g * 255, 255);
        out[2] = saturate(b * 255, 255);
    }

    private static int saturate(float value, int max) {
        return Math.max(0, Math.min(max, (int) (value + 0.5f)));
    }
}
