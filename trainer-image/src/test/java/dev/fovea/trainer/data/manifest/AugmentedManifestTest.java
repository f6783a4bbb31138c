package dev.fovea.trainer.data.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.fovea.api.contract.ChannelInput;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.LabelFormat;
import dev.fovea.api.spec.S3DataType;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.MnistFixture;
import dev.fovea.trainer.data.convert.ManifestExport;
import dev.fovea.trainer.data.pipeline.ImageDataset;
import dev.fovea.trainer.data.pipeline.ImageSource;
import dev.fovea.trainer.data.pipeline.ImageSources;
import dev.fovea.trainer.data.pipeline.RecordIoSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Augmented manifests (SageMaker Ground Truth's JSON Lines) made from the MNIST fixture by {@link ManifestExport}, as
 * {@code fovea convert manifest} makes them, read back by the trainer's pipeline: single-label class indexes, and
 * multi-label images (two digits side by side) labelled as class-id lists or multi-hot vectors.
 */
class AugmentedManifestTest {

    private static final List<String> ATTRIBUTES = List.of("source-ref", "digits");

    @TempDir
    Path dir;

    @Test
    void aSingleLabelManifestYieldsEachRecordsImageAndClass() throws Exception {
        try (ImageSource records = RecordIoSource.open(MnistFixture.recordIo("validation"))) {
            export(records, 12, options(null, 1));
            try (ImageSource manifest = ImageSources.forChannel(dir, null, manifestChannel(ContentType.IMAGE, null))) {
                assertThat(manifest.size()).isEqualTo(12);
                for (int i = 0; i < 12; i++) {
                    assertThat(manifest.read(i).bytes())
                            .isEqualTo(records.read(i).bytes());
                    assertThat(manifest.read(i).labels())
                            .isEqualTo(records.read(i).labels());
                }
            }
        }
    }

    @Test
    void classIdAndMultiHotLabelsOfTiledDigitsBecomeTheSameMultiHotRows() throws Exception {
        float[] expected = new float[6 * 10];
        try (ImageSource records = RecordIoSource.open(MnistFixture.recordIo("validation"))) {
            for (int image = 0; image < 6; image++) {
                for (int digit = 0; digit < 2; digit++) {
                    expected[image * 10 + (int) records.read(2 * image + digit).labels()[0]] = 1f;
                }
            }
            for (LabelFormat format : LabelFormat.values()) {
                Path folder = dir.resolve(format.sageMakerName());
                ManifestExport.write(records, IntStream.range(0, 12).toArray(), folder, "tiles", options(format, 2));

                try (ImageDataset dataset = ImageDataset.builder()
                                .setSource(ImageSources.forChannel(
                                        folder, null, manifestChannel(ContentType.IMAGE_PNG, format)))
                                .setImageShape(1, 28, 56)
                                .setTraining(false)
                                .setBatchSize(6)
                                .setNumClasses(10)
                                .optMultiLabel(true)
                                .optLabelFormat(format)
                                .build();
                        NDManager manager = NDManager.newBaseManager()) {
                    Batch batch = dataset.getData(manager).iterator().next();
                    assertThat(batch.getData().head().getShape()).isEqualTo(new Shape(6, 1, 28, 56));
                    assertThat(batch.getLabels().head().toFloatArray())
                            .as("labels written as %s", format)
                            .containsExactly(expected);
                    batch.close();
                }
            }
        }
    }

    @Test
    void aLineWithoutTheLabelAttributeNamesTheFileLineAndAttribute() throws IOException {
        Files.writeString(dir.resolve("train.manifest"), """
                {"source-ref": "s3://b/a.png", "digits": 3}
                {"source-ref": "s3://b/b.png", "class": 4}
                """);

        assertThatThrownBy(() -> AugmentedManifest.read(dir.resolve("train.manifest"), ATTRIBUTES))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("train.manifest line 2")
                .hasMessageContaining("digits");
    }

    @Test
    void aReferenceOutsideTheChannelIsRefused() {
        assertThatThrownBy(() -> ImageRefs.localPath("../../etc/passwd", "train.manifest line 1"))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("train.manifest line 1");
    }

    private void export(ImageSource records, int count, ManifestExport.Options options) throws IOException {
        ManifestExport.write(records, IntStream.range(0, count).toArray(), dir, "validation", options);
    }

    private static ManifestExport.Options options(LabelFormat format, int tile) {
        return new ManifestExport.Options("mnist", "images/", "source-ref", "digits", format, 10, tile, 1);
    }

    private static ChannelInput manifestChannel(ContentType type, LabelFormat format) {
        return new ChannelInput(type, format, S3DataType.AUGMENTED_MANIFEST_FILE, ATTRIBUTES, null);
    }
}
