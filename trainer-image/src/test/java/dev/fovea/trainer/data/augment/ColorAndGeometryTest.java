package dev.fovea.trainer.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fovea.trainer.data.image.Pixels;
import org.junit.jupiter.api.Test;

/** The deterministic parts behind the random draws: the HLS conversion and the affine warp. */
class ColorAndGeometryTest {

    @Test
    void hlsMatchesOpenCvsEightBitScaleAndRoundTrips() {
        int[] hls = new int[3];
        HlsColor.rgbToHls(255, 0, 0, hls);
        assertThat(hls).containsExactly(0, 128, 255);
        HlsColor.rgbToHls(0, 0, 255, hls);
        assertThat(hls).containsExactly(120, 128, 255);
        int[] rgb = new int[3];
        for (int r = 0; r < 256; r += 15) {
            for (int g = 0; g < 256; g += 15) {
                for (int b = 0; b < 256; b += 15) {
                    HlsColor.rgbToHls(r, g, b, hls);
                    HlsColor.hlsToRgb(hls[0], hls[1], hls[2], rgb);
                    assertThat(rgb[0]).isCloseTo(r, within(6));
                    assertThat(rgb[1]).isCloseTo(g, within(6));
                    assertThat(rgb[2]).isCloseTo(b, within(6));
                }
            }
        }
    }

    @Test
    void hueShiftTurnsRedTowardsYellowAndLightnessShiftsGray() {
        Pixels red = new Pixels(1, 1, 3, new byte[] {(byte) 255, 0, 0});
        Pixels shifted = HlsJitter.shift(red, new HlsJitter.Offsets(30, 0, 0));
        assertThat(shifted.get(0, 0, 0)).isEqualTo(255);
        assertThat(shifted.get(0, 0, 1)).isEqualTo(255);
        assertThat(shifted.get(0, 0, 2)).isLessThanOrEqualTo(1); // L=128 is just above 0.5, as in OpenCV
        Pixels gray = new Pixels(2, 1, 1, new byte[] {100, (byte) 240});
        Pixels lighter = HlsJitter.shift(gray, new HlsJitter.Offsets(36, 50, 30));
        assertThat(lighter.get(0, 0, 0)).isEqualTo(130);
        assertThat(lighter.get(1, 0, 0)).isEqualTo(255);
    }

    @Test
    void identityAffineKeepsTheImageAndRotationMovesAPointAboutTheCentre() {
        Pixels image = Pixels.blank(21, 21, 1);
        image.set(20, 10, 0, 200);
        Pixels same = RandomAffine.warp(image, new RandomAffine.Params(0, 0, 1), 0);
        assertThat(same.data()).isEqualTo(image.data());
        double[] m = RandomAffine.matrix(new RandomAffine.Params(10, 0, 1), 21, 21);
        double centre = 10.5; // MXNet keeps (width/2, height/2) fixed
        double x = m[0] * 20 + m[1] * 10 + m[2] - centre;
        double y = m[3] * 20 + m[4] * 10 + m[5] - centre;
        assertThat(Math.hypot(x, y)).isCloseTo(Math.hypot(9.5, -0.5), within(1e-9));
        assertThat(Math.toDegrees(Math.atan2(y, x) - Math.atan2(-0.5, 9.5))).isCloseTo(-10, within(1e-9));
        double[] stretched = RandomAffine.matrix(new RandomAffine.Params(0, 0, 1.25), 21, 21);
        assertThat(stretched[4] / stretched[0]).isCloseTo(1.25, within(1e-9));
    }

    @Test
    void warpedBordersTakeTheFillValue() {
        Pixels image = Pixels.blank(20, 20, 1);
        Pixels rotated = RandomAffine.warp(image, new RandomAffine.Params(10, 0, 1), 255);
        assertThat(rotated.get(0, 0, 0)).isEqualTo(255);
        assertThat(rotated.get(10, 10, 0)).isEqualTo(0);
    }
}
