package dev.fovea.trainer.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.MnistFixture;
import dev.fovea.trainer.data.image.ImageCodec;
import dev.fovea.trainer.data.image.PixelGate;
import dev.fovea.trainer.data.image.PixelLimit;
import dev.fovea.trainer.data.image.Pixels;
import dev.fovea.trainer.data.image.Resize;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    @Test
    void preparesAnImageExactlyAsTheValidationPipelineDoes() throws Exception {
        ImagePreprocessor preprocessor = ImagePreprocessor.centred(
                1, 24, 24, 26, Normalization.forChannels(1), PixelGate.atMost(PixelLimit.WITHOUT_JOB));
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
        assertThatThrownBy(() -> ImagePreprocessor.centred(
                                3, 8, 8, 0, Normalization.forChannels(3), PixelGate.atMost(PixelLimit.WITHOUT_JOB))
                        .toHwc(new byte[] {1}, "cat.gif"))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("cat.gif is not a JPEG or PNG image");
    }

    /**
     * Without {@code resize}, an image larger than the model's input is resized (shorter side to the input's) before
     * the centre crop, as SageMaker validates and serves, not cut to its central fragment: a digit scaled to 112×112
     * comes back as nearly the 28×28 original.
     */
    @Test
    void aLargerImageIsSeenWholeNotAsItsCentralFragment() throws Exception {
        ImagePreprocessor preprocessor = ImagePreprocessor.centred(
                1, 28, 28, 0, Normalization.forChannels(1), PixelGate.atMost(PixelLimit.WITHOUT_JOB));
        try (ImageSource source = RecordIoSource.open(MnistFixture.recordIo("validation"))) {
            byte[] original = source.read(3).bytes();
            Pixels digit = ImageCodec.decode(original, 1);
            float[] expected = preprocessor.toHwc(original, "28");
            for (int size : new int[] {56, 112}) {
                byte[] scaled = ImageCodec.encodePng(Resize.to(digit, size, size));
                float[] seen = preprocessor.toHwc(scaled, Integer.toString(size));
                assertThat(meanAbsoluteDifference(seen, expected))
                        .as(size + "x" + size)
                        .isLessThan(0.1);
            }
        }
    }

    private static double meanAbsoluteDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
