package dev.fovea.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.TrainingDivergedException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.optimizer.TestHyperParameters;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rank 0 writes the model and reports where it is; the other hosts publish nothing (S3: see ModelUploadTest). A model
 * with NaN weights is never written, and a damaged one is refused by every reader.
 */
class ModelPublisherTest {

    @TempDir
    Path tmp;

    private final ResolvedHyperParameters hp = TestHyperParameters.with(set -> {
        set.setNumLayers(20);
        set.setImageShape("1,28,28");
        set.setEpochs(4);
    });
    private Model model;

    @BeforeEach
    void trainedModel() {
        model = Model.newInstance("trained");
        model.setBlock(NetworkFamily.SAGEMAKER.build(20, 10, new Shape(1, 28, 28)));
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
    }

    @AfterEach
    void close() {
        model.close();
    }

    @Test
    void rankZeroWritesTheModelDirectoryAndReportsIt() {
        Path directory = tmp.resolve("model");

        ModelPublisher.Publication published = ModelPublisher.forHost(
                        true, directory, tmp.resolve("output"), Map.of(), "cats")
                .publish(model, NetworkFamily.SAGEMAKER, hp, 3);

        assertThat(published.directory()).isEqualTo(directory);
        assertThat(published.artifact()).isEqualTo(directory.toString());
        ModelDescription description = ModelDirectory.describe(directory);
        assertThat(description.numLayers()).isEqualTo(20);
        assertThat(description.imageShape()).containsExactly(1, 28, 28);
        assertThat(description.hyperParameters().getEpochs())
                .as("model.json records the defaults filled in")
                .isEqualTo(4);
    }

    @Test
    void theModelIsSageMakersFilesBesideModelJsonPackedIntoTheOutputsTarball() throws IOException {
        Path directory = tmp.resolve("model");
        Path output = tmp.resolve("output");

        ModelPublisher.forHost(true, directory, output, Map.of(), "cats")
                .publish(model, NetworkFamily.SAGEMAKER, hp, 3);

        assertThat(directory)
                .isDirectoryContaining("glob:**/image-classification-symbol.json")
                .isDirectoryContaining("glob:**/image-classification-0004.params")
                .isDirectoryContaining("glob:**/model-shapes.json")
                .isDirectoryContaining("glob:**/model.json");
        try (UnpackedArchive unpacked = UnpackedArchive.of(output.resolve(ModelArchive.FILE_NAME));
                Model fromTarball = ModelDirectory.load(unpacked.folder());
                NDManager manager = NDManager.newBaseManager()) {
            assertThat(unpacked.folder().resolve("image-classification-0004.params"))
                    .hasSameBinaryContentAs(directory.resolve("image-classification-0004.params"));
            NDArray image = manager.randomUniform(0, 1, new Shape(2, 1, 28, 28));
            assertThat(scores(fromTarball, image))
                    .as("the model read back from model.tar.gz predicts what the trained one does")
                    .containsExactly(scores(model, image));
        }
    }

    private static float[] scores(Model model, NDArray image) {
        return model.getBlock()
                .forward(new ParameterStore(image.getManager(), false), new NDList(image), false)
                .singletonOrThrow()
                .toFloatArray();
    }

    @Test
    void theOtherHostsWriteNothing() {
        Path directory = tmp.resolve("model");

        ModelPublisher.Publication published = ModelPublisher.forHost(
                        false,
                        directory,
                        tmp.resolve("output"),
                        Map.of(ContainerEnvironment.MODEL_S3_URI, "s3://models/runs/"),
                        "cats")
                .publish(model, NetworkFamily.SAGEMAKER, hp, 3);

        assertThat(published.directory()).isNull();
        assertThat(published.artifact()).isEqualTo(directory.toString());
        assertThat(directory).doesNotExist();
    }

    @Test
    void aMalformedS3OutputFailsBeforeTraining() {
        assertThatThrownBy(() -> ModelPublisher.forHost(
                        true,
                        tmp.resolve("model"),
                        tmp.resolve("output"),
                        Map.of(ContainerEnvironment.MODEL_S3_URI, "models/runs"),
                        "cats"))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining(ContainerEnvironment.MODEL_S3_URI);
    }

    /** Once written and served: a diverged run's NaN weights never replace the model, and the earlier one stays. */
    @Test
    void weightsThatAreNotNumbersAreNeverWrittenAndTheEarlierModelStays() throws Exception {
        Path directory = tmp.resolve("model");
        ModelPublisher publisher = ModelPublisher.forHost(true, directory, tmp.resolve("output"), Map.of(), "cats");
        publisher.publish(model, NetworkFamily.SAGEMAKER, hp, 3);
        byte[] good = Files.readAllBytes(directory.resolve("image-classification-0004.params"));
        NDArray weights = model.getBlock().getParameters().valueAt(0).getArray();
        weights.set(weights.mul(Float.NaN).toFloatArray());

        assertThatThrownBy(() -> publisher.publish(model, NetworkFamily.SAGEMAKER, hp, 3))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("holds NaN values, so the model was not written");

        assertThat(Files.readAllBytes(directory.resolve("image-classification-0004.params")))
                .isEqualTo(good);
        ModelDirectory.verify(directory);
    }

    /** Once loaded into NaN probabilities: a few bytes changed in the parameters fail verification, naming the file. */
    @Test
    void aDamagedModelIsAClientErrorNamingTheFile() throws Exception {
        Path directory = tmp.resolve("model");
        ModelPublisher.forHost(true, directory, tmp.resolve("output"), Map.of(), "cats")
                .publish(model, NetworkFamily.SAGEMAKER, hp, 3);
        try (RandomAccessFile parameters = new RandomAccessFile(
                directory.resolve("image-classification-0004.params").toFile(), "rw")) {
            parameters.seek(parameters.length() / 2);
            parameters.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }

        assertThatThrownBy(() -> ModelDirectory.load(directory))
                .isInstanceOf(ClientError.class)
                .hasMessageStartingWith("The model in " + directory
                        + " fails verification: image-classification-0004.params is" + " damaged");
    }
}
