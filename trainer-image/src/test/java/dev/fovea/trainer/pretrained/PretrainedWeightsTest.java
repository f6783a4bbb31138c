package dev.fovea.trainer.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.optimizer.TestHyperParameters;
import dev.fovea.trainer.publish.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PretrainedWeightsTest {

    private static final Shape IMAGE = new Shape(1, 28, 28);

    @TempDir
    Path tmp;

    /** Writes an initialised ResNet-20 of {@code family} for {@code classes} classes as a Fovea model directory. */
    private Map<String, float[]> writeModel(Path directory, int classes, NetworkFamily family) {
        ResolvedHyperParameters hp = TestHyperParameters.with(set -> {
            set.setNumLayers(20);
            set.setNumClasses(classes);
            set.setImageShape("1,28,28");
        });
        try (Model model = Model.newInstance("earlier")) {
            model.setBlock(family.build(20, classes, IMAGE));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            ModelDirectory.write(directory, model, ModelDirectory.describe(family, hp), 0, 10);
            return weights(model);
        }
    }

    private static Map<String, float[]> weights(Model model) {
        Map<String, float[]> weights = new HashMap<>();
        model.getBlock()
                .getParameters()
                .forEach(pair ->
                        weights.put(pair.getKey(), pair.getValue().getArray().toFloatArray()));
        return weights;
    }

    @ParameterizedTest
    @EnumSource(NetworkFamily.class)
    void copiesEveryLayerButTheClassifierWhichStartsAfreshForTheNewClasses(NetworkFamily family) {
        Path earlier = tmp.resolve("model");
        Map<String, float[]> pretrained = writeModel(earlier, 10, family);

        try (ModelChannel channel = ModelChannel.open(earlier).orElseThrow()) {
            assertThat(channel.family()).isEqualTo(family);
        }
        try (Model model = Model.newInstance("fine-tune")) {
            model.setBlock(family.build(20, 3, IMAGE));
            PretrainedFixtures.transfer(earlier, model, 20, IMAGE);

            for (var pair : model.getBlock().getParameters()) {
                Parameter parameter = pair.getValue();
                if (family.isClassifierParameter(pair.getKey())) {
                    assertThat(parameter.getArray().getShape().get(0))
                            .as(pair.getKey())
                            .isEqualTo(3);
                } else {
                    assertThat(parameter.getArray().toFloatArray())
                            .as(pair.getKey())
                            .containsExactly(pretrained.get(pair.getKey()));
                }
            }
        }
    }

    @Test
    void aModelOfAnotherDepthIsAClientError() {
        Path earlier = tmp.resolve("model");
        writeModel(earlier, 10, NetworkFamily.SAGEMAKER);

        try (Model model = Model.newInstance("fine-tune")) {
            model.setBlock(NetworkFamily.SAGEMAKER.build(32, 3, IMAGE));
            assertThatThrownBy(() -> PretrainedFixtures.transfer(earlier, model, 32, IMAGE))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("ResNet-20")
                    .hasMessageContaining("num_layers");
        }
    }

    @Test
    void aChannelWithNeitherAFoveaModelNorAPyTorchFileIsAClientError() throws IOException {
        Files.writeString(tmp.resolve("weights.h5"), "keras");
        try (Model model = Model.newInstance("fine-tune")) {
            model.setBlock(NetworkFamily.TORCHVISION.build(20, 3, IMAGE));
            assertThatThrownBy(() -> PretrainedFixtures.transfer(tmp, model, 20, IMAGE))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("holds no model: expected SageMaker's model files")
                    .hasMessageContaining("[weights.h5]");
        }
    }
}
