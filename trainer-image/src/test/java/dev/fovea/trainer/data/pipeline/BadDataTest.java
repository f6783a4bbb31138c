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
import dev.fovea.trainer.data.image.PixelLimit;
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
        List<String> lines = imagesWithList();
        // 100 megapixels: under Pillow's bomb limit, over the 28x28 job's derived limit (8192 x 8192)
        byte[] bomb = DecompressionBomb.png(10_000, 10_000);
        assertThat(10_000L * 10_000).isLessThan(PixelLimit.WITHOUT_JOB).isGreaterThan(PixelLimit.FLOOR);
        Path images = dir.resolve("images");
        String first = lines.get(10).substring(lines.get(10).lastIndexOf('\t') + 1);
        Files.write(images.resolve(first), bomb);
        Path large = images.resolve(lines.get(11).substring(lines.get(11).lastIndexOf('\t') + 1));
        Files.write(large, DecompressionBomb.png(4_000, 3_000)); // a large photo inside the limit trains
        try (ImageDataset dataset = builder(
                        ImageSources.forChannel(images, dir.resolve("lst"), ChannelInput.of(ContentType.IMAGE)), 10, 50)
                .build()) {
            assertThat(drain(dataset)).isEqualTo(199);
            assertThat(dataset.stats().skippedImages()).isEqualTo(1);
        }
        for (int line : new int[] {20, 150}) {
            Files.write(images.resolve(lines.get(line).substring(lines.get(line).lastIndexOf('\t') + 1)), bomb);
        }
        try (ImageDataset dataset = builder(
                        ImageSources.forChannel(images, dir.resolve("lst"), ChannelInput.of(ContentType.IMAGE)), 10, 50)
                .build()) {
            assertThatThrownBy(() -> drain(dataset))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("3 undecodable images in epoch 0")
                    .hasMessageMatching("(?s).*v\\.lst entry \\d+ \\([^)]+\\.png\\): .*")
                    .hasMessageContaining("declares 10000x10000 = 100000000 pixels")
                    .hasMessageContaining("at most " + PixelLimit.FLOOR + " pixels (FOVEA_MAX_IMAGE_PIXELS sets");
        }
    }

    @Test
    void theConfiguredPixelLimitReplacesTheDerivedOne() throws Exception {
        imagesWithList();
        ImageSource source =
                ImageSources.forChannel(dir.resolve("images"), dir.resolve("lst"), ChannelInput.of(ContentType.IMAGE));
        try (ImageDataset dataset =
                builder(source, 10, 50).optMaxPixels(28 * 28).build()) {
            assertThat(drain(dataset)).isEqualTo(200);
        }
        try (ImageDataset dataset =
                builder(source, 10, 50).optMaxPixels(28 * 28 - 1).build()) {
            assertThatThrownBy(() -> drain(dataset))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("declares 28x28 = 784 pixels, more than the 783 allowed")
                    .hasMessageContaining("at most 783 pixels");
        }
    }

    /** 200 MNIST PNGs in {@code images/}, listed in {@code lst/v.lst}; returns the list's lines. */
    private List<String> imagesWithList() throws IOException {
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
        return lines;
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
