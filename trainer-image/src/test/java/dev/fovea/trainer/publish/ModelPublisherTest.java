package dev.fovea.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.optimizer.TestHyperParameters;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rank 0 writes the model and reports where it is; the other hosts publish nothing (S3: see ModelUploadTest). */
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

        ModelPublisher.Publication published =
                ModelPublisher.forHost(true, directory, Map.of(), "cats").publish(model, NetworkFamily.SAGEMAKER, hp);

        assertThat(published.directory()).isEqualTo(directory);
        assertThat(published.artifact()).isEqualTo(directory.toString());
        ModelDescription description = ModelDirectory.describe(directory);
        assertThat(description.numLayers()).isEqualTo(20);
        assertThat(description.imageShape()).containsExactly(1, 28, 28);
        assertThat(description.hyperParameters().getCheckpointFrequency())
                .as("model.json records the defaults filled in")
                .isEqualTo(4);
    }

    @Test
    void theOtherHostsWriteNothing() {
        Path directory = tmp.resolve("model");

        ModelPublisher.Publication published = ModelPublisher.forHost(
                        false, directory, Map.of(ContainerEnvironment.MODEL_S3_URI, "s3://models/runs/"), "cats")
                .publish(model, NetworkFamily.SAGEMAKER, hp);

        assertThat(published.directory()).isNull();
        assertThat(published.artifact()).isEqualTo(directory.toString());
        assertThat(directory).doesNotExist();
    }

    @Test
    void aMalformedS3OutputFailsBeforeTraining() {
        assertThatThrownBy(() -> ModelPublisher.forHost(
                        true, tmp.resolve("model"), Map.of(ContainerEnvironment.MODEL_S3_URI, "models/runs"), "cats"))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining(ContainerEnvironment.MODEL_S3_URI);
    }
}
