package dev.fovea.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.trainer.data.MnistFixture;
import dev.fovea.trainer.data.image.ImageCodec;
import dev.fovea.trainer.data.image.Pixels;
import dev.fovea.trainer.data.lst.LstEntry;
import dev.fovea.trainer.data.lst.LstFile;
import dev.fovea.trainer.data.pipeline.EncodedImage;
import dev.fovea.trainer.data.pipeline.ImageListSource;
import dev.fovea.trainer.data.pipeline.RecordIoSource;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fovea convert} round trips on real MNIST images. */
class ConvertCommandTest {

    @TempDir
    Path dir;

    private static int convert(String... args) {
        return new CommandLine(new ConvertCommand()).execute(args);
    }

    /** Writes the ten held-out MNIST digits as gzipped IDX files, as MNIST is distributed. */
    private List<Pixels> writeIdx(Path images, Path labels) throws Exception {
        List<Path> files;
        try (Stream<Path> listing = Files.list(MnistFixture.root().resolve("heldout"))) {
            files = listing.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        List<Pixels> digits = files.stream().map(ConvertCommandTest::decodeGray).toList();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(images)))) {
            out.writeInt(0x803);
            out.writeInt(digits.size());
            out.writeInt(28);
            out.writeInt(28);
            for (Pixels digit : digits) {
                out.write(digit.data());
            }
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(labels))) {
            out.writeInt(0x801);
            out.writeInt(files.size());
            for (Path file : files) {
                out.writeByte(file.getFileName().toString().charAt(0) - '0');
            }
        }
        return digits;
    }

    private static Pixels decodeGray(Path file) {
        try {
            return ImageCodec.decode(Files.readAllBytes(file), 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void idxToRecordIoKeepsEveryPixelAndLabel() throws Exception {
        Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        List<Pixels> digits = writeIdx(images, labels);
        assertThat(convert(
                        "idx",
                        "--images",
                        images.toString(),
                        "--labels",
                        labels.toString(),
                        "--output",
                        dir.resolve("rec").toString(),
                        "--name",
                        "digits",
                        "--format",
                        "rec",
                        "--count",
                        "10"))
                .isZero();
        assertThat(dir.resolve("rec/digits.idx")).exists();
        try (RecordIoSource source = RecordIoSource.open(dir.resolve("rec"))) {
            assertThat(source.size()).isEqualTo(10);
            boolean[] seen = new boolean[10];
            for (int i = 0; i < 10; i++) {
                EncodedImage record = source.read(i);
                int label = (int) record.labels()[0];
                seen[label] = true;
                assertThat(ImageCodec.decode(record.bytes(), 1).data())
                        .isEqualTo(digits.get(label).data());
            }
            assertThat(seen).containsOnly(true);
        }
    }

    @Test
    void idxToPngFolderWritesTheListAndTheImages() throws Exception {
        Path images = dir.resolve("i.gz");
        Path labels = dir.resolve("l");
        List<Pixels> digits = writeIdx(images, labels);
        assertThat(convert(
                        "idx",
                        "--images",
                        images.toString(),
                        "--labels",
                        labels.toString(),
                        "--output",
                        dir.resolve("png").toString(),
                        "--lst-output",
                        dir.resolve("lst").toString(),
                        "--format",
                        "png",
                        "--count",
                        "4",
                        "--skip",
                        "2"))
                .isZero();
        List<LstEntry> entries = LstFile.read(dir.resolve("lst/train.lst"));
        assertThat(entries).hasSize(4);
        try (ImageListSource source = new ImageListSource(dir.resolve("png"), List.of(dir.resolve("lst/train.lst")))) {
            for (int i = 0; i < 4; i++) {
                int label = (int) source.read(i).labels()[0];
                assertThat(entries.get(i).relativePath()).startsWith(label + "-");
                assertThat(ImageCodec.decode(source.read(i).bytes(), 1).data())
                        .isEqualTo(digits.get(label).data());
            }
        }
    }

    @Test
    void imageFolderBecomesSplitListsAndRecordFilesWithClassPerSubfolder() throws Exception {
        Path root = dir.resolve("digits");
        try (Stream<Path> listing = Files.list(MnistFixture.root().resolve("heldout"))) {
            for (Path png : listing.filter(p -> p.toString().endsWith(".png")).toList()) {
                int digit = png.getFileName().toString().charAt(0) - '0';
                Path classDir = Files.createDirectories(root.resolve(digit % 2 == 0 ? "even" : "odd"));
                Files.copy(png, classDir.resolve(png.getFileName()));
            }
        }
        Path out = dir.resolve("out");
        assertThat(convert(
                        "folder",
                        "--input",
                        root.toString(),
                        "--output",
                        out.toString(),
                        "--validation-count",
                        "3",
                        "--seed",
                        "4"))
                .isZero();
        List<LstEntry> train = LstFile.read(out.resolve("train.lst"));
        assertThat(train).hasSize(7);
        assertThat(LstFile.read(out.resolve("validation.lst"))).hasSize(3);
        try (RecordIoSource source = RecordIoSource.open(out)) {
            assertThat(source.size()).isEqualTo(10); // train.rec and validation.rec
        }
        Files.delete(out.resolve("validation.rec"));
        try (RecordIoSource source = RecordIoSource.open(out)) {
            for (int i = 0; i < train.size(); i++) {
                LstEntry entry = train.get(i);
                assertThat(source.read(i).bytes()).isEqualTo(Files.readAllBytes(root.resolve(entry.relativePath())));
                assertThat(source.read(i).labels()[0])
                        .isEqualTo(entry.relativePath().startsWith("even/") ? 0f : 1f);
            }
        }
    }

    @Test
    void lstToRecordIoReproducesTheFixturesRecords() throws IOException {
        Path lst = MnistFixture.png("validation_lst").resolve("validation.lst");
        assertThat(convert(
                        "lst",
                        "--lst",
                        lst.toString(),
                        "--images",
                        MnistFixture.png("validation").toString(),
                        "--output",
                        dir.toString()))
                .isZero();
        byte[] written = Files.readAllBytes(dir.resolve("validation.rec"));
        byte[] fixture = Files.readAllBytes(MnistFixture.recordIo("validation").resolve("validation.rec"));
        // the PNG copy is the first 500 images of the same balanced order, so its records are the fixture's prefix
        assertThat(written).isEqualTo(Arrays.copyOf(fixture, written.length));
        assertThat(Files.readAllLines(dir.resolve("validation.idx")))
                .isEqualTo(
                        Files.readAllLines(MnistFixture.recordIo("validation").resolve("validation.idx"))
                                .subList(0, 500));
    }

    @Test
    void userErrorsExitWithCodeTwo() {
        assertThat(convert(
                        "idx",
                        "--images",
                        dir.resolve("missing").toString(),
                        "--labels",
                        "x",
                        "--output",
                        dir.toString()))
                .isEqualTo(2);
        assertThat(convert(
                        "folder",
                        "--input",
                        dir.toString(),
                        "--output",
                        dir.resolve("o").toString()))
                .isEqualTo(2);
    }
}
