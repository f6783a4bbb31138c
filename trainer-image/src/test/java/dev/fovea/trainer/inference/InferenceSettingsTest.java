package dev.fovea.trainer.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.ClientError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InferenceSettingsTest {

    private static InferenceSettings withMaxBatch(int maxBatchSize) {
        return new InferenceSettings(maxBatchSize, Duration.ZERO, 0, InferenceSettings.DEFAULT_MAX_IMAGE_PIXELS);
    }

    @Test
    void theDefaultPicksLargeBatchesForSmallImagesAndSmallOnesForLargeImages() {
        InferenceSettings defaults = InferenceSettings.defaults();
        assertThat(defaults.maxBatchSizeFor(1 * 28 * 28)).isEqualTo(32);
        assertThat(defaults.maxBatchSizeFor(3 * 32 * 32)).isEqualTo(32);
        assertThat(defaults.maxBatchSizeFor(3 * 224 * 224)).isEqualTo(8);
        assertThat(defaults.maxBatchSizeFor(3 * 299 * 299)).isEqualTo(4);
        assertThat(defaults.maxBatchSizeFor(3 * 1024 * 1024)).isEqualTo(1);
        assertThat(defaults.batchSizeCeiling()).isEqualTo(InferenceSettings.LARGEST_PICKED_BATCH);
    }

    @Test
    void aSizeAskedForIsKeptWhateverTheImage() {
        assertThat(withMaxBatch(16).maxBatchSizeFor(3 * 224 * 224)).isEqualTo(16);
        assertThat(withMaxBatch(64).maxBatchSizeFor(1 * 28 * 28)).isEqualTo(64);
        assertThat(withMaxBatch(64).batchSizeCeiling()).isEqualTo(64);
    }

    @Test
    void theDefaultServesSmallImagesWithAWorkerPerCoreAndLargeOnesWithOne() {
        InferenceSettings defaults = InferenceSettings.defaults();
        assertThat(defaults.workersFor(0, 1 * 28 * 28, 2)).isEqualTo(2);
        assertThat(defaults.workersFor(0, 3 * 32 * 32, 16)).isEqualTo(16);
        assertThat(defaults.workersFor(0, 3 * 32 * 33, 16)).isEqualTo(1);
        assertThat(defaults.workersFor(0, 3 * 224 * 224, 2)).isEqualTo(1);
    }

    @Test
    void workersAskedForAreKeptWhateverTheImage() {
        InferenceSettings three =
                new InferenceSettings(0, Duration.ZERO, 3, InferenceSettings.DEFAULT_MAX_IMAGE_PIXELS);
        assertThat(three.workersFor(0, 1 * 28 * 28, 2)).isEqualTo(3);
        assertThat(three.workersFor(0, 3 * 224 * 224, 2)).isEqualTo(3);
        assertThat(three.workersFor(2, 3 * 224 * 224, 2)).isEqualTo(3);
    }

    @Test
    void theDefaultServesWithOneWorkerPerGpuWhateverTheImage() {
        InferenceSettings defaults = InferenceSettings.defaults();
        assertThat(defaults.workersFor(4, 1 * 28 * 28, 16)).isEqualTo(4);
        assertThat(defaults.workersFor(1, 3 * 224 * 224, 16)).isEqualTo(1);
    }

    @Test
    void aNegativeSizeIsRefused() {
        assertThatThrownBy(() -> withMaxBatch(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max batch size -1");
    }

    @Test
    void aBatchSizeWhoseBatchesOutgrowAQuarterOfTheHeapIsRefusedWithTheSizeThatFits() {
        long gib = 1L << 30;
        assertThatThrownBy(() -> withMaxBatch(1024).checkBatchMemory(3 * 224 * 224, 1, gib))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("--max-batch-size (FOVEA_SERVE_MAX_BATCH_SIZE) 1024")
                .hasMessageContaining("at most 445 fit");
        // one Java array per batch: a batch holds at most 2^31 - 1 floats, whatever the heap
        assertThatThrownBy(() -> withMaxBatch(1024).checkBatchMemory(3 * 1024 * 1024, 1, 1024 * gib))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("at most 682 fit");
        withMaxBatch(1024).checkBatchMemory(28 * 28, 16, gib);
        InferenceSettings.defaults().checkBatchMemory(3 * 299 * 299, 1, gib / 4);
    }
}
