package dev.fovea.trainer.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.fovea.api.contract.ChannelInput;
import dev.fovea.api.spec.AugmentationType;
import dev.fovea.api.spec.ContentType;
import dev.fovea.trainer.data.MnistFixture;
import dev.fovea.trainer.data.image.ImageCodec;
import dev.fovea.trainer.data.image.Pixels;
import dev.fovea.trainer.data.recordio.IrHeader;
import dev.fovea.trainer.data.recordio.RecordIoWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset on the real MNIST fixture: batch layout, normalisation, sources, determinism, sharding, stats. */
class ImageDatasetTest {

    @TempDir
    Path dir;

    private static ImageDataset.Builder mnist(ImageSource source, boolean training, int batchSize) {
        return ImageDataset.builder()
                .setSource(source)
                .setImageShape(1, 28, 28)
                .setTraining(training)
                .setBatchSize(batchSize)
                .setNumClasses(10)
                .optWorkers(2)
                .optSeed(7);
    }

    @Test
    void validationBatchesHoldNormalisedImagesAndClassLabelsInFileOrder() throws Exception {
        ImageSource source = RecordIoSource.open(MnistFixture.recordIo("validation"));
        try (ImageDataset dataset = mnist(source, false, 300).build();
                NDManager manager = NDManager.newBaseManager()) {
            assertThat(dataset.size()).isEqualTo(1000);
            assertThat(dataset.steps(0)).isEqualTo(4);
            int images = 0;
            int batches = 0;
            for (Batch batch : dataset.getData(manager)) {
                assertThat(batch.getData().head().getShape()).isEqualTo(new Shape(batch.getSize(), 1, 28, 28));
                assertThat(batch.getLabels().head().getShape()).isEqualTo(new Shape(batch.getSize()));
                if (batches == 0) {
                    float[] first = batch.getData().head().get(0).toFloatArray();
                    EncodedImage record = source.read(0);
                    Pixels expected = ImageCodec.decode(record.bytes(), 1);
                    for (int i = 0; i < first.length; i++) {
                        assertThat(first[i])
                                .isCloseTo(((expected.data()[i] & 0xff) / 255f - 0.5f) / 0.5f, within(1e-6f));
                    }
                    assertThat(batch.getLabels().head().getFloat(0)).isEqualTo(record.labels()[0]);
                }
                images += batch.getSize();
                batches++;
                batch.close();
            }
            assertThat(images).isEqualTo(1000);
            assertThat(batches).isEqualTo(4);
            assertThat(dataset.stats().batches()).isEqualTo(4);
            assertThat(dataset.stats().images()).isEqualTo(1000);
            assertThat(dataset.stats().dataWaitSeconds()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void recordIoWithoutIdxAndPngListHoldTheSameRecordsAsTheIndexedRec() throws IOException {
        Files.copy(MnistFixture.recordIo("validation").resolve("validation.rec"), dir.resolve("validation.rec"));
        try (ImageSource indexed = RecordIoSource.open(MnistFixture.recordIo("validation"));
                ImageSource scanned = RecordIoSource.open(dir);
                ImageSource listed = ImageSources.forChannel(
                        MnistFixture.png("validation"),
                        MnistFixture.png("validation_lst"),
                        ChannelInput.of(ContentType.IMAGE))) {
            assertThat(scanned.size()).isEqualTo(1000);
            assertThat(listed.size()).isEqualTo(500);
            for (int i = 0; i < 500; i += 7) {
                EncodedImage expected = indexed.read(i);
                assertThat(scanned.read(i).bytes()).isEqualTo(expected.bytes());
                assertThat(listed.read(i).bytes()).isEqualTo(expected.bytes());
                assertThat(listed.read(i).labels()).isEqualTo(expected.labels());
            }
        }
    }

    @Test
    void augmentedTrainingBatchesDependOnlyOnSeedAndEpochNotOnThreads() throws Exception {
        try (ImageDataset one = mnist(RecordIoSource.open(MnistFixture.recordIo("validation")), true, 64)
                        .optAugmentation(AugmentationType.CROP_COLOR_TRANSFORM)
                        .optResize(32)
                        .optWorkers(1)
                        .build();
                ImageDataset four = mnist(RecordIoSource.open(MnistFixture.recordIo("validation")), true, 64)
                        .optAugmentation(AugmentationType.CROP_COLOR_TRANSFORM)
                        .optResize(32)
                        .optWorkers(4)
                        .build();
                NDManager manager = NDManager.newBaseManager()) {
            one.setEpoch(3);
            four.setEpoch(3);
            float[] fromOne = firstBatch(one, manager);
            assertThat(firstBatch(four, manager)).isEqualTo(fromOne);
            four.setEpoch(4);
            assertThat(firstBatch(four, manager)).isNotEqualTo(fromOne);
        }
    }

    private static float[] firstBatch(ImageDataset dataset, NDManager manager) throws Exception {
        Iterator<Batch> batches = dataset.getData(manager).iterator();
        try (Batch batch = batches.next()) {
            return batch.getData().head().toFloatArray();
        }
    }

    @Test
    void eachOfThreeHostsTrainsFullBatchesAndAnEpochIsOnePassAcrossThem() throws Exception {
        try (ImageDataset rank0 = mnist(RecordIoSource.open(MnistFixture.recordIo("validation")), true, 10)
                        .optShard(0, 3)
                        .build();
                NDManager manager = NDManager.newBaseManager()) {
            assertThat(rank0.size()).isEqualTo(1000);
            assertThat(rank0.steps(0)).as("ceil(1000 / 30)").isEqualTo(34);
            assertThat(rank0.steps(1)).as("ceil(2000 / 30) - 34").isEqualTo(33);
            int images = 0;
            for (Batch batch : rank0.getData(manager)) {
                assertThat(batch.getSize()).isEqualTo(10);
                images += batch.getSize();
                batch.close();
            }
            assertThat(images).isEqualTo(340);
        }
    }

    @Test
    void twoHostsAtBatchBTrainInEachStepTheImagesOneHostTrainsAtTwoB() throws Exception {
        try (ImageDataset single = mnist(RecordIoSource.open(MnistFixture.recordIo("validation")), true, 20)
                        .build();
                ImageDataset rank0 = mnist(RecordIoSource.open(MnistFixture.recordIo("validation")), true, 10)
                        .optShard(0, 2)
                        .build();
                ImageDataset rank1 = mnist(RecordIoSource.open(MnistFixture.recordIo("validation")), true, 10)
                        .optShard(1, 2)
                        .build();
                NDManager manager = NDManager.newBaseManager()) {
            assertThat(rank0.steps(0)).isEqualTo(single.steps(0)).isEqualTo(50);
            Iterator<Batch> hosts0 = rank0.getData(manager).iterator();
            Iterator<Batch> hosts1 = rank1.getData(manager).iterator();
            int steps = 0;
            for (Batch both : single.getData(manager)) {
                try (Batch first = hosts0.next();
                        Batch second = hosts1.next()) {
                    assertThat(both.getData().head().toFloatArray())
                            .as("step %d's images", steps)
                            .isEqualTo(first.getData()
                                    .head()
                                    .concat(second.getData().head())
                                    .toFloatArray());
                    assertThat(both.getLabels().head().toFloatArray())
                            .isEqualTo(first.getLabels()
                                    .head()
                                    .concat(second.getLabels().head())
                                    .toFloatArray());
                }
                both.close();
                steps++;
            }
            assertThat(steps).isEqualTo(50);
            assertThat(hosts0.hasNext()).isFalse();
        }
    }

    @Test
    void rgbImagesAreNormalisedPerChannelAndGrayIsReplicatedToThreeChannels() throws Exception {
        Pixels color = Pixels.blank(40, 30, 3);
        for (int i = 0; i < color.data().length; i += 3) {
            color.data()[i] = (byte) 200;
            color.data()[i + 1] = (byte) 100;
            color.data()[i + 2] = 50;
        }
        Files.write(dir.resolve("c.png"), ImageCodec.encodePng(color));
        Files.copy(MnistFixture.root().resolve("heldout/7-6609.png"), dir.resolve("g.png"));
        Files.writeString(dir.resolve("x.lst"), "0\t1\tc.png\n1\t7\tg.png\n");
        ImageSource source = ImageSources.forChannel(dir, null, ChannelInput.of(ContentType.IMAGE_PNG));
        try (ImageDataset dataset = ImageDataset.builder()
                        .setSource(source)
                        .setImageShape(3, 24, 24)
                        .optResize(28)
                        .setTraining(false)
                        .setBatchSize(2)
                        .setNumClasses(10)
                        .build();
                NDManager manager = NDManager.newBaseManager()) {
            Batch batch = dataset.getData(manager).iterator().next();
            assertThat(batch.getData().head().getShape()).isEqualTo(new Shape(2, 3, 24, 24));
            float[] rgb = batch.getData().head().get(0).toFloatArray();
            int plane = 24 * 24;
            assertThat(rgb[0]).isCloseTo((200 / 255f - 0.485f) / 0.229f, within(1e-5f));
            assertThat(rgb[plane]).isCloseTo((100 / 255f - 0.456f) / 0.224f, within(1e-5f));
            assertThat(rgb[2 * plane + 5]).isCloseTo((50 / 255f - 0.406f) / 0.225f, within(1e-5f));
            float[] gray = batch.getData().head().get(1).toFloatArray();
            Normalization imageNet = Normalization.forChannels(3);
            int inkPixels = 0;
            for (int i = 0; i < plane; i++) {
                float red = gray[i] * imageNet.std()[0] + imageNet.mean()[0];
                assertThat(gray[plane + i] * imageNet.std()[1] + imageNet.mean()[1])
                        .isCloseTo(red, within(1e-5f));
                assertThat(gray[2 * plane + i] * imageNet.std()[2] + imageNet.mean()[2])
                        .isCloseTo(red, within(1e-5f));
                inkPixels += red > 0.5f ? 1 : 0;
            }
            assertThat(inkPixels).as("the digit's strokes survive decoding").isGreaterThan(30);
            float[] labels = batch.getLabels().head().toFloatArray();
            assertThat(labels).containsExactly(1f, 7f);
            batch.close();
        }
    }

    @Test
    void multiLabelRgbJpegRecordsFromRecordIo() throws Exception {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                image.setRGB(x, y, 30 << 16 | 60 << 8 | 220);
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", jpeg);
        try (RecordIoWriter writer = new RecordIoWriter(dir.resolve("m.rec"), null)) {
            writer.write(0, new IrHeader(new float[] {0, 1, 1, 0}, 0, 0, jpeg.toByteArray()).pack());
            writer.write(1, new IrHeader(new float[] {1, 0, 0, 0}, 1, 0, jpeg.toByteArray()).pack());
        }
        try (ImageDataset dataset = ImageDataset.builder()
                        .setSource(RecordIoSource.open(dir))
                        .setImageShape(3, 28, 28)
                        .setTraining(true)
                        .optAugmentation(AugmentationType.CROP)
                        .setBatchSize(2)
                        .setNumClasses(4)
                        .optMultiLabel(true)
                        .build();
                NDManager manager = NDManager.newBaseManager();
                Batch batch = dataset.getData(manager).iterator().next()) {
            assertThat(batch.getData().head().getShape()).isEqualTo(new Shape(2, 3, 28, 28));
            assertThat(batch.getLabels().head().getShape()).isEqualTo(new Shape(2, 4));
            float[] labels = batch.getLabels().head().toFloatArray();
            float[] firstRow = java.util.Arrays.copyOfRange(labels, 0, 4);
            assertThat(firstRow)
                    .satisfiesAnyOf(
                            row -> assertThat(row).containsExactly(0f, 1f, 1f, 0f),
                            row -> assertThat(row).containsExactly(1f, 0f, 0f, 0f));
            float blue = batch.getData().head().getFloat(0, 2, 14, 14) * 0.225f + 0.406f;
            assertThat(blue).isCloseTo(220 / 255f, within(0.03f));
        }
    }

    @Test
    void multiLabelRecordsBecomeMultiHotRows() throws Exception {
        Files.copy(MnistFixture.root().resolve("heldout/3-9925.png"), dir.resolve("a.png"));
        Files.writeString(dir.resolve("m.lst"), "0\t1\t0\t1\ta.png\n1\t0\t1\t0\ta.png\n");
        try (ImageDataset dataset = ImageDataset.builder()
                        .setSource(ImageSources.forChannel(dir, dir, ChannelInput.of(ContentType.IMAGE_JPEG)))
                        .setImageShape(1, 28, 28)
                        .setTraining(false)
                        .setBatchSize(2)
                        .setNumClasses(3)
                        .optMultiLabel(true)
                        .build();
                NDManager manager = NDManager.newBaseManager()) {
            Batch batch = dataset.getData(manager).iterator().next();
            assertThat(batch.getLabels().head().getShape()).isEqualTo(new Shape(2, 3));
            assertThat(batch.getLabels().head().toFloatArray()).containsExactly(1f, 0f, 1f, 0f, 1f, 0f);
            batch.close();
        }
    }
}
