package dev.fovea.trainer.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fovea.trainer.data.image.Pixels;
import org.junit.jupiter.api.Test;

class NormalizationTest {

    @Test
    void normalisationWritesInterleavedChannelsWithTheirOwnStatistics() {
        Pixels image = new Pixels(2, 1, 3, new byte[] {(byte) 255, 0, (byte) 128, 0, (byte) 255, 64});
        float[] out = new float[1 + 6];
        Normalization.forChannels(3).writeHwc(image, out, 1);
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        int[] pixels = {255, 0, 128, 0, 255, 64};
        assertThat(out[0]).isZero();
        for (int i = 0; i < pixels.length; i++) {
            int c = i % 3;
            assertThat(out[1 + i]).isCloseTo((pixels[i] / 255f - mean[c]) / std[c], within(1e-5f));
        }
    }
}
