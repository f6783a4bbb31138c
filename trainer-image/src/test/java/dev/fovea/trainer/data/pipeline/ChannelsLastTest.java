package dev.fovea.trainer.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ChannelsLastTest {

    @Test
    void theNetworkSeesEachPixelAtBatchChannelRowColumn() {
        int count = 2;
        int channels = 3;
        int height = 4;
        int width = 5;
        float[] hwc = new float[count * height * width * channels + 7]; // longer than the batch, as a pending batch is
        for (int i = 0; i < hwc.length; i++) {
            hwc[i] = i;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = ChannelsLast.batch(manager, hwc, count, new Shape(channels, height, width));
            assertThat(batch.getShape()).isEqualTo(new Shape(count, channels, height, width));
            float[] nchw = batch.toFloatArray();
            for (int n = 0; n < count; n++) {
                for (int c = 0; c < channels; c++) {
                    for (int h = 0; h < height; h++) {
                        for (int w = 0; w < width; w++) {
                            float pixel = hwc[((n * height + h) * width + w) * channels + c];
                            assertThat(nchw[((n * channels + c) * height + h) * width + w])
                                    .isEqualTo(pixel);
                            assertThat(batch.getFloat(n, c, h, w)).isEqualTo(pixel);
                        }
                    }
                }
            }
        }
    }

    @Test
    void restridingKeepsEachPixelWhateverTheStorage() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int channels : new int[] {1, 3}) {
                Shape shape = new Shape(2, channels, 4, 5);
                NDArray plain = manager.arange((float) shape.size()).reshape(shape); // stored N×C×H×W
                NDArray restrided = ChannelsLast.restride(plain);
                assertThat(restrided.getShape()).isEqualTo(shape);
                assertThat(restrided.toFloatArray()).containsExactly(plain.toFloatArray());
                assertThat(restrided.getFloat(1, channels - 1, 3, 2)).isEqualTo(plain.getFloat(1, channels - 1, 3, 2));
                NDArray again = ChannelsLast.restride(restrided); // stored N×H×W×C
                assertThat(again.toFloatArray()).containsExactly(plain.toFloatArray());
            }
        }
    }
}
