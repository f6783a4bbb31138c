package dev.fovea.trainer.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.MnistFixture;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    @Test
    void preparesAnImageExactlyAsTheValidationPipelineDoes() throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor(1, 24, 24, 26, Normalization.forChannels(1));
        try (ImageSource source = RecordIoSource.open(MnistFixture.recordIo("validation"));
                ImageDataset dataset = ImageDataset.builder()
                        .setSource(RecordIoSource.open(MnistFixture.recordIo("validation")))
                        .setImageShape(1, 24, 24)
                        .optResize(26)
                        .setTraining(false)
                        .setBatchSize(2)
                        .setNumClasses(10)
                        .build();
                NDManager manager = NDManager.newBaseManager();
                Batch batch = dataset.getData(manager).iterator().next()) {
            float[] expected = batch.getData().head().get(1).toFloatArray();
            assertThat(preprocessor.toHwc(source.read(1).bytes(), "digit.png")).containsExactly(expected);
        }
    }

    @Test
    void undecodableInputIsAClientErrorNamingTheFile() {
        assertThatThrownBy(() -> new ImagePreprocessor(3, 8, 8, 0, Normalization.forChannels(3))
                        .toHwc(new byte[] {1}, "cat.gif"))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("cat.gif is not a JPEG or PNG image");
    }
}
