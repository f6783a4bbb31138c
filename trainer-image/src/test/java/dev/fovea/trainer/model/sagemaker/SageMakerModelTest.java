package dev.fovea.trainer.model.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.SageMakerFixture;
import dev.fovea.trainer.model.SageMakerResNet;
import dev.fovea.trainer.model.TestNetworks;
import dev.fovea.trainer.publish.ModelArchive;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SageMaker's model files, written by Fovea and read back, from a directory and from {@code model.tar.gz}. */
class SageMakerModelTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "ResNet-{0} on {1}x{2}x{2}")
    @CsvSource({"20, 1, 28", "18, 3, 40"})
    void aWrittenModelReadBackGivesIdenticalPredictions(int depth, int channels, int size) throws IOException {
        Shape image = new Shape(channels, size, size);
        Path directory = tmp.resolve("model");
        Path tarball = tmp.resolve("model.tar.gz");
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerResNet trained = TestNetworks.trained(depth, 4, image, manager);
            NDArray images = manager.randomNormal(new Shape(5).addAll(image));
            float[] expected = TestNetworks.infer(trained, images, manager);

            SageMakerModelWriter.write(directory, trained, 3, 32);
            ModelArchive.write(directory, tarball);

            for (Path source : List.of(directory, tarball)) {
                SageMakerModel model = SageMakerModelReader.read(source);
                assertThat(model.numLayers()).isEqualTo(depth);
                assertThat(model.numClasses()).isEqualTo(4);
                assertThat(model.imageShape()).isEqualTo(image);
                assertThat(model.batchSize()).isEqualTo(32);
                assertThat(model.epoch()).isEqualTo(3);
                assertThat(TestNetworks.infer(model.newNetwork(manager), images, manager))
                        .as("predictions of the model read from %s", source.getFileName())
                        .containsExactly(expected);
            }
        }
    }

    @Test
    void theTarballHoldsSageMakersThreeFilesFlat() throws IOException {
        Path directory = tmp.resolve("model");
        Path tarball = tmp.resolve("model.tar.gz");
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerModelWriter.write(directory, TestNetworks.trained(20, 10, new Shape(1, 28, 28), manager), 17, 128);
        }
        ModelArchive.write(directory, tarball);

        assertThat(entries(tarball))
                .containsExactly(
                        "image-classification-0017.params", "image-classification-symbol.json", "model-shapes.json");
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(directory.resolve("model-shapes.json").toFile()))
                .isEqualTo(json.readTree("[{\"shape\": [128, 1, 28, 28], \"name\": \"data\"}]"));
        try (var files = Files.list(directory)) {
            assertThat(files.map(file -> file.getFileName().toString())).hasSize(3);
        }
    }

    /** SageMaker's own symbol and shapes, with parameters for them, are a model Fovea reads. */
    @Test
    void readsAModelMadeOfSageMakersOwnSymbol() throws IOException {
        Path directory = tmp.resolve("sagemaker");
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerModelWriter.write(
                    directory, TestNetworks.initialised(50, 2, new Shape(3, 224, 224), manager), 17, 16);
        }
        SageMakerFixture.copy(SageMakerFixture.SYMBOL, directory);
        SageMakerFixture.copy(SageMakerFixture.SHAPES, directory);

        SageMakerModel model = SageMakerModelReader.read(directory);

        assertThat(model.numLayers()).isEqualTo(50);
        assertThat(model.numClasses()).isEqualTo(2);
        assertThat(model.imageShape()).isEqualTo(new Shape(3, 224, 224));
        assertThat(model.batchSize()).isEqualTo(16);
        // one array per variable of the symbol but the input and the label: 261 - 2
        assertThat(model.parameters().names()).hasSize(259);
    }

    @Test
    void theLatestEpochsParametersAreRead() throws IOException {
        Path directory = tmp.resolve("model");
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerResNet first = TestNetworks.trained(20, 3, new Shape(1, 16, 16), manager);
            SageMakerModelWriter.write(directory, first, 2, 8);
            SageMakerResNet second = TestNetworks.trained(20, 3, new Shape(1, 16, 16), manager);
            SageMakerModelWriter.write(directory, second, 10, 8);
            NDArray images = manager.randomNormal(new Shape(2, 1, 16, 16));

            SageMakerModel model = SageMakerModelReader.read(directory);

            assertThat(model.epoch()).isEqualTo(10);
            assertThat(TestNetworks.infer(model.newNetwork(manager), images, manager))
                    .containsExactly(TestNetworks.infer(second, images, manager));
        }
    }

    @Test
    void aModelOfOtherSettingsIsNamedSettingBySetting() throws IOException {
        Path directory = tmp.resolve("model");
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerModelWriter.write(
                    directory, TestNetworks.initialised(20, 10, new Shape(1, 28, 28), manager), 1, 8);
        }
        SageMakerModel model = SageMakerModelReader.read(directory);

        model.requireMatches(20, 10, new Shape(1, 28, 28));
        assertThatThrownBy(() -> model.requireMatches(32, 5, new Shape(3, 28, 28)))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("num_layers is 32 but the model has 20")
                .hasMessageContaining("num_classes is 5 but the model has 10")
                .hasMessageContaining("image_shape is 3,28,28 but the model was trained on 1,28,28");
    }

    @Test
    void filesThatAreNotAUsableModelAreClientErrorsNamingTheFile() throws IOException {
        Path directory = tmp.resolve("model");
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerModelWriter.write(
                    directory, TestNetworks.initialised(20, 10, new Shape(1, 28, 28), manager), 1, 8);
        }
        String symbol = Files.readString(directory.resolve("image-classification-symbol.json"));

        Files.writeString(
                directory.resolve("image-classification-symbol.json"),
                symbol.replace("\"num_filter\" : \"32\"", "\"num_filter\" : \"48\""));
        assertThatThrownBy(() -> SageMakerModelReader.read(directory))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("is not SageMaker's ResNet-20 for 10 classes")
                .hasMessageContaining("stage2_unit1_conv1")
                .hasMessageContaining("num_filter=48");

        Files.writeString(
                directory.resolve("image-classification-symbol.json"),
                symbol.replace("\"num_hidden\" : \"10\"", "\"num_hidden\" : \"7\""));
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerModel sevenClasses = SageMakerModelReader.read(directory);
            assertThatThrownBy(() -> sevenClasses.newNetwork(manager))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining(directory.toString())
                    .hasMessageContaining("arg:fc_weight is (10, 64), the network needs (7, 64)");
        }

        Files.writeString(directory.resolve("image-classification-symbol.json"), symbol);
        Files.delete(directory.resolve("model-shapes.json"));
        assertThatThrownBy(() -> SageMakerModelReader.read(directory))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("model-shapes.json is missing");

        Path notATarball = Files.writeString(tmp.resolve("model.tar.gz"), "not gzip");
        assertThatThrownBy(() -> SageMakerModelReader.read(notATarball))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("Cannot unpack " + notATarball);
    }

    @Test
    void aTarballEntryThatPointsOutsideTheFolderIsRefused() throws IOException {
        Path tarball = tmp.resolve("evil.tar.gz");
        try (OutputStream file = Files.newOutputStream(tarball);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            byte[] content = "x".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("../escaped.txt");
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }

        assertThatThrownBy(() -> ModelArchive.extract(tarball, tmp.resolve("unpacked")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("../escaped.txt");
        assertThat(tmp.resolve("escaped.txt")).doesNotExist();
    }

    private static List<String> entries(Path tarball) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream file = Files.newInputStream(tarball);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
