package dev.fovea.trainer.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.fovea.api.contract.ChannelInput;
import dev.fovea.api.spec.ContentType;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.MnistFixture;
import dev.fovea.trainer.data.image.DecompressionBomb;
import dev.fovea.trainer.data.image.PixelGate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad data ends in a clear ClientError or a counted skip, never a hang or a wrong label. */
class BadDataTest {

    @TempDir
    Path dir;

    private static ImageDataset.Builder builder(ImageSource source, int numClasses, int batchSize) {
        return ImageDataset.builder()
                .setSource(source)
                .setImageShape(1, 28, 28)
                .setTraining(false)
                .setBatchSize(batchSize)
                .setNumClasses(numClasses)
                .optWorkers(2);
    }

    private static int drain(ImageDataset dataset) throws Exception {
        int images = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Batch batch : dataset.getData(manager)) {
                images += batch.getSize();
                batch.close();
            }
        }
        return images;
    }

    @Test
    void labelNotBelowNumClassesNamesRecordLabelAndRange() throws IOException {
        try (ImageDataset dataset = builder(RecordIoSource.open(MnistFixture.recordIo("validation")), 5, 100)
                .build()) {
            assertThatThrownBy(() -> drain(dataset))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("validation.rec record")
                    .hasMessageMatching(
                            "(?s).*label [5-9]\\.0 is not a class index in \\[0, 4\\] \\(num_classes=5\\).*");
        }
    }

    @Test
    void fewerImagesThanTheMiniBatchIsSageMakersClientError() throws IOException {
        ImageSource source = RecordIoSource.open(MnistFixture.recordIo("validation"));
        assertThatThrownBy(() -> builder(source, 10, 2000).setTraining(true).build())
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("The number of input images must be bigger or equal to the mini_batch_size")
                .hasMessageContaining("mini_batch_size is 2000");
        source.close();
    }

    @Test
    void undecodableImagesAreSkippedAndCountedUpToOnePercent() throws Exception {
        List<String> lines =
                Files.readAllLines(MnistFixture.png("validation_lst").resolve("validation.lst"));
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        for (String line : lines.subList(0, 200)) {
            String file = line.substring(line.lastIndexOf('\t') + 1);
            Files.copy(MnistFixture.png("validation").resolve(file), images.resolve(file));
        }
        String broken = lines.get(10).substring(lines.get(10).lastIndexOf('\t') + 1);
        Files.write(images.resolve(broken), Arrays.copyOf("not a png".getBytes(), 9));
        Path lst = dir.resolve("lst");
        Files.createDirectories(lst);
        Files.write(lst.resolve("v.lst"), lines.subList(0, 200));
        try (ImageDataset dataset = builder(
                        ImageSources.forChannel(images, lst, ChannelInput.of(ContentType.IMAGE)), 10, 50)
                .build()) {
            assertThat(drain(dataset)).isEqualTo(199);
            assertThat(dataset.stats().skippedImages()).isEqualTo(1);
        }
        String another = lines.get(20).substring(lines.get(20).lastIndexOf('\t') + 1);
        Files.write(images.resolve(another), new byte[0]);
        String third = lines.get(150).substring(lines.get(150).lastIndexOf('\t') + 1);
        Files.write(images.resolve(third), Arrays.copyOf(Files.readAllBytes(images.resolve(third)), 40));
        try (ImageDataset dataset = builder(
                        ImageSources.forChannel(images, lst, ChannelInput.of(ContentType.IMAGE)), 10, 50)
                .build()) {
            assertThatThrownBy(() -> drain(dataset))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("3 undecodable images in epoch 0 (at most 2 of this host's 200")
                    .hasMessageContaining(third);
        }
    }

    @Test
    void decompressionBombsAreSkippedUnDecodedAndTooManyAreAClientErrorNamingTheFile() throws Exception {
        List<String> lines =
                Files.readAllLines(MnistFixture.png("validation_lst").resolve("validation.lst"));
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        for (String line : lines.subList(0, 200)) {
            String file = line.substring(line.lastIndexOf('\t') + 1);
            Files.copy(MnistFixture.png("validation").resolve(file), images.resolve(file));
        }
        Path lst = dir.resolve("lst");
        Files.createDirectories(lst);
        Files.write(lst.resolve("v.lst"), lines.subList(0, 200));
        byte[] bomb = DecompressionBomb.png(14_000, 14_000);
        String first = lines.get(10).substring(lines.get(10).lastIndexOf('\t') + 1);
        Files.write(images.resolve(first), bomb);
        try (ImageDataset dataset = builder(
                        ImageSources.forChannel(images, lst, ChannelInput.of(ContentType.IMAGE)), 10, 50)
                .build()) {
            assertThat(drain(dataset)).isEqualTo(199);
            assertThat(dataset.stats().skippedImages()).isEqualTo(1);
        }
        for (int line : new int[] {20, 150}) {
            Files.write(images.resolve(lines.get(line).substring(lines.get(line).lastIndexOf('\t') + 1)), bomb);
        }
        try (ImageDataset dataset = builder(
                        ImageSources.forChannel(images, lst, ChannelInput.of(ContentType.IMAGE)), 10, 50)
                .build()) {
            assertThatThrownBy(() -> drain(dataset))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("3 undecodable images in epoch 0")
                    .hasMessageMatching("(?s).*v\\.lst entry \\d+ \\([^)]+\\.png\\): .*")
                    .hasMessageContaining("declares 14000x14000 = 196000000 pixels")
                    .hasMessageContaining("at most " + PixelGate.TRAINING_MAX_PIXELS + " pixels");
        }
    }

    @Test
    void truncatedRecFileWithoutIndexFailsWhenOpened() throws IOException {
        byte[] rec = Files.readAllBytes(MnistFixture.recordIo("validation").resolve("validation.rec"));
        Files.write(dir.resolve("cut.rec"), Arrays.copyOf(rec, rec.length - 100));
        assertThatThrownBy(() -> RecordIoSource.open(dir))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("cut.rec at offset")
                .hasMessageContaining("truncated record");
    }

    @Test
    void sampleCountMismatchIsAWarningNotAnError() throws IOException {
        try (ImageDataset dataset = builder(RecordIoSource.open(MnistFixture.recordIo("validation")), 10, 10)
                .build()) {
            assertThat(dataset.checkNumTrainingSamples(1000)).isEmpty();
            assertThat(dataset.checkNumTrainingSamples(60000))
                    .get()
                    .asString()
                    .contains("num_training_samples is 60000 but")
                    .contains("holds 1000 images");
        }
    }

    @Test
    void missingChannelsListsAndAModelContentTypeAreClientErrors() throws IOException {
        assertThatThrownBy(() ->
                        ImageSources.forChannel(dir.resolve("train"), null, ChannelInput.of(ContentType.RECORDIO)))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("channel folder")
                .hasMessageContaining("train");
        assertThatThrownBy(() -> ImageSources.forChannel(dir, null, ChannelInput.of(ContentType.RECORDIO)))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("holds no .rec file");
        assertThatThrownBy(() ->
                        ImageSources.forChannel(dir, dir.resolve("train_lst"), ChannelInput.of(ContentType.IMAGE)))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("_lst' channel");
        assertThatThrownBy(() -> ImageSources.forChannel(dir, null, ChannelInput.of(ContentType.IMAGE)))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("no .lst file in " + dir);
        assertThatThrownBy(() -> ImageSources.forChannel(dir, null, ChannelInput.of(ContentType.SAGEMAKER_MODEL)))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("application/x-sagemaker-model, which holds no training images");
    }

    @Test
    void missingImageFileNamesTheListEntry() throws IOException {
        Files.writeString(dir.resolve("a.lst"), "4\t1\tnowhere.png\n");
        try (ImageDataset dataset = builder(
                        ImageSources.forChannel(dir, null, ChannelInput.of(ContentType.IMAGE_PNG)), 10, 1)
                .build()) {
            assertThatThrownBy(() -> drain(dataset))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("a.lst entry 4 (nowhere.png)")
                    .hasMessageContaining("does not exist");
        }
    }

    @Test
    void multiLabelVectorOfTheWrongLengthIsSageMakersMismatchError() throws IOException {
        Files.copy(MnistFixture.root().resolve("heldout/3-9925.png"), dir.resolve("a.png"));
        Files.writeString(dir.resolve("m.lst"), "0\t1\t0\ta.png\n");
        try (ImageDataset dataset = builder(
                        ImageSources.forChannel(dir, null, ChannelInput.of(ContentType.IMAGE_PNG)), 3, 1)
                .optMultiLabel(true)
                .build()) {
            assertThatThrownBy(() -> drain(dataset))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining(
                            "mismatch between number of labels in the multi-label data (2) and the num_classes parameter (3)");
        }
    }
}
