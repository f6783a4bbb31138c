package dev.fovea.trainer.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fovea.api.pretrained.PretrainedCatalogue;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.model.SageMakerFixture;
import dev.fovea.trainer.model.SageMakerResNet;
import dev.fovea.trainer.model.TestNetworks;
import dev.fovea.trainer.model.sagemaker.SageMakerModelWriter;
import dev.fovea.trainer.publish.ModelArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a model channel may hold, and how a network starts from it: incremental training (use_pretrained_model=0)
 * continues every parameter, transfer learning (1) all but the classifier; models are real files written by
 * {@link SageMakerModelWriter}, with SageMaker's own symbol where it says so.
 */
class ModelChannelTest {

    private static final Shape GREY_28 = new Shape(1, 28, 28);

    @TempDir
    Path tmp;

    /** A SageMaker model directory holding a ResNet-{@code depth}; returns its parameters by DJL name. */
    private static Map<String, float[]> writeSageMakerModel(Path directory, int depth, int classes, Shape image) {
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerResNet network = TestNetworks.trained(depth, classes, image, manager);
            SageMakerModelWriter.write(directory, network, 7, 16);
            Map<String, float[]> values = new HashMap<>();
            network.getParameters()
                    .forEach(pair ->
                            values.put(pair.getKey(), pair.getValue().getArray().toFloatArray()));
            return values;
        }
    }

    private Path packIntoChannel(Path model) throws IOException {
        Path channel = Files.createDirectories(tmp.resolve("channel"));
        ModelArchive.write(model, channel.resolve(ModelArchive.FILE_NAME));
        return channel;
    }

    private static Model newNetwork(int depth, int classes, Shape image) {
        Model model = Model.newInstance("job");
        model.setBlock(NetworkFamily.SAGEMAKER.build(depth, classes, image));
        return model;
    }

    /** SageMaker's incremental training: its own symbol in model.tar.gz, use_pretrained_model=0. */
    @Test
    void aSageMakerModelTarballContinuesEveryParameter() throws IOException {
        Shape image = new Shape(3, 224, 224);
        Path model = tmp.resolve("sagemaker");
        Map<String, float[]> trained = writeSageMakerModel(model, 50, 2, image);
        SageMakerFixture.copy(SageMakerFixture.SYMBOL, model);
        SageMakerFixture.copy(SageMakerFixture.SHAPES, model);
        Path channel = packIntoChannel(model);

        try (ModelChannel opened = ModelChannel.open(channel).orElseThrow();
                Model job = newNetwork(50, 2, image)) {
            assertThat(opened.family()).isEqualTo(NetworkFamily.SAGEMAKER);
            PretrainedWeights.resume(opened, job, 50, 2, image);

            job.getBlock()
                    .getParameters()
                    .forEach(pair -> assertThat(pair.getValue().getArray().toFloatArray())
                            .as(pair.getKey())
                            .isEqualTo(trained.get(pair.getKey())));
        }
    }

    /**
     * The operator's pretrained catalogue mounts (or fetches) {@code <catalogue>/resnet-<numLayers>/} as the model
     * channel: a catalogue laid out by depth gives each job the weights of its own depth.
     */
    @Test
    void theFolderOfTheJobsDepthInAPretrainedCatalogueIsAModelChannel() throws IOException {
        Path catalogue = tmp.resolve("imagenet");
        writeSageMakerModel(catalogue.resolve(PretrainedCatalogue.folder(32)), 32, 10, GREY_28);
        Map<String, float[]> resnet20 =
                writeSageMakerModel(catalogue.resolve(PretrainedCatalogue.folder(20)), 20, 10, GREY_28);

        try (ModelChannel opened = ModelChannel.open(catalogue.resolve(PretrainedCatalogue.folder(20)))
                        .orElseThrow();
                Model job = newNetwork(20, 3, GREY_28)) {
            PretrainedWeights.transfer(opened, job, 20, GREY_28);

            job.getBlock().getParameters().stream()
                    .filter(pair -> !SageMakerResNet.isClassifierParameter(pair.getKey()))
                    .forEach(pair -> assertThat(pair.getValue().getArray().toFloatArray())
                            .as(pair.getKey())
                            .isEqualTo(resnet20.get(pair.getKey())));
        }
    }

    @Test
    void transferLearningFromATarballStartsTheClassifierAfresh() throws IOException {
        Path model = tmp.resolve("model");
        Map<String, float[]> trained = writeSageMakerModel(model, 20, 10, GREY_28);
        Path channel = packIntoChannel(model);

        try (ModelChannel opened = ModelChannel.open(channel).orElseThrow();
                Model job = newNetwork(20, 3, GREY_28)) {
            PretrainedWeights.transfer(opened, job, 20, GREY_28);

            job.getBlock().getParameters().forEach(pair -> {
                float[] values = pair.getValue().getArray().toFloatArray();
                if (SageMakerResNet.isClassifierParameter(pair.getKey())) {
                    assertThat(values.length).as(pair.getKey()).isLessThan(trained.get(pair.getKey()).length);
                } else {
                    assertThat(values).as(pair.getKey()).isEqualTo(trained.get(pair.getKey()));
                }
            });
        }
    }

    @Test
    void continuingAModelOfOtherSettingsNamesEachMismatch() {
        Path channel = tmp.resolve("channel");
        writeSageMakerModel(channel, 20, 10, GREY_28);

        try (ModelChannel opened = ModelChannel.open(channel).orElseThrow();
                Model job = newNetwork(20, 5, new Shape(1, 32, 32))) {
            assertThatThrownBy(() -> PretrainedWeights.resume(opened, job, 20, 5, new Shape(1, 32, 32)))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("num_classes is 5 but the model has 10")
                    .hasMessageContaining("image_shape is 1,32,32 but the model was trained on 1,28,28")
                    .hasMessageNotContaining("num_layers");
        }
    }

    @Test
    void continuingFromAPyTorchFileAsksForUsePretrainedModel() throws IOException {
        Path channel = Files.createDirectories(tmp.resolve("channel"));
        PretrainedFixtures.copy(PretrainedFixtures.RESNET20, channel, "resnet20.pt");

        try (ModelChannel opened = ModelChannel.open(channel).orElseThrow();
                Model job = Model.newInstance("job")) {
            assertThat(opened.family()).isEqualTo(NetworkFamily.TORCHVISION);
            assertThatThrownBy(() -> PretrainedWeights.resume(opened, job, 20, 10, GREY_28))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("PyTorch file resnet20.pt")
                    .hasMessageContaining("set use_pretrained_model to 1");
        }
    }

    @Test
    void aChannelWithoutAModelIsAClientErrorNamingWhatItHolds() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> ModelChannel.open(empty))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("holds no model")
                .hasMessageContaining("it holds []");

        Path notAModel = Files.createDirectories(tmp.resolve("not-a-model"));
        Files.writeString(notAModel.resolve("notes.txt"), "hello");
        Path channel = packIntoChannel(notAModel);
        assertThatThrownBy(() -> ModelChannel.open(channel))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("model.tar.gz holds no model")
                .hasMessageContaining("[notes.txt]");

        Files.writeString(channel.resolve(ModelArchive.FILE_NAME), "not gzip");
        assertThatThrownBy(() -> ModelChannel.open(channel))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("Cannot unpack");
    }

    @Test
    void noChannelFolderIsNoModel() {
        assertThat(ModelChannel.open(tmp.resolve("absent"))).isEmpty();
    }
}
