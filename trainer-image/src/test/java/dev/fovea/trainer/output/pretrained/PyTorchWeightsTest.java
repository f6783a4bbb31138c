package dev.fovea.trainer.output.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.ResNets;
import dev.fovea.trainer.output.PretrainedWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the TorchScript ResNet-20 that {@code scripts/make-torchscript-fixture.py} wrote with PyTorch and checks
 * that Fovea's ResNet then computes PyTorch's features for the same input.
 */
class PyTorchWeightsTest {

    private static final String MODEL = "resnet20-cifar.pt";
    private static final Shape GREY_28 = new Shape(1, 28, 28);

    @TempDir
    Path channel;

    private static JsonNode expected() throws IOException {
        try (InputStream in = Objects.requireNonNull(
                PyTorchWeightsTest.class.getResourceAsStream("/pretrained/resnet20-cifar-expected.json"))) {
            return new ObjectMapper().readTree(in);
        }
    }

    private Path channelWith(String resource, String fileName) throws IOException {
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/pretrained/" + resource))) {
            Files.copy(in, channel.resolve(fileName));
        }
        return channel;
    }

    private static float[] floats(JsonNode values) {
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i).floatValue();
        }
        return floats;
    }

    /** The network's output before the classifier: every layer but the last, in inference mode. */
    private static NDArray features(Block network, NDArray images, NDManager manager) {
        List<Block> layers = network.getChildren().values();
        ParameterStore store = new ParameterStore(manager, false);
        NDList x = new NDList(images);
        for (Block layer : layers.subList(0, layers.size() - 1)) {
            x = layer.forward(store, x, false);
        }
        return x.singletonOrThrow();
    }

    @Test
    void aTorchScriptResNet20ComputesPyTorchsFeaturesWhileTheClassifierStartsAfresh() throws IOException {
        JsonNode expected = expected();
        channelWith(MODEL, MODEL);
        try (Model model = Model.newInstance("fine-tune")) {
            model.setBlock(ResNets.build(20, 5, GREY_28));
            PretrainedWeights.apply(channel, model, 20, GREY_28);

            NDManager manager = model.getNDManager();
            NDArray images = manager.create(floats(expected.get("input")), new Shape(2, 1, 28, 28));
            float[] features = features(model.getBlock(), images, manager).toFloatArray();

            float[] pytorch = new float[features.length];
            for (int image = 0; image < 2; image++) {
                float[] row = floats(expected.get("features").get(image));
                System.arraycopy(row, 0, pytorch, image * row.length, row.length);
            }
            // 2e-7 apart; without moving the BatchNorm epsilon difference into running_var they are 1.2e-5 apart
            assertThat(features).hasSize(2 * 64).containsExactly(pytorch, within(2e-6f));
            var classifier = model.getBlock().getChildren().values().getLast().getParameters();
            assertThat(classifier.get("weight").getArray().getShape()).isEqualTo(new Shape(5, 64));
            assertThat(classifier.get("bias").getArray().toFloatArray()).containsOnly(0f);
        }
    }

    @Test
    void aHalfPrecisionStateDictOfStridedViewsForRgbImagesLoadsWithItsFirstConvolutionSummedForGreyImages()
            throws IOException {
        JsonNode expected;
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(
                "/pretrained/resnet20-rgb-state-dict-half-expected.json"))) {
            expected = new ObjectMapper().readTree(in);
        }
        channelWith("resnet20-rgb-state-dict-half.pt", "resnet20.pth");
        try (Model model = Model.newInstance("fine-tune")) {
            model.setBlock(ResNets.build(20, 5, GREY_28));
            PretrainedWeights.apply(channel, model, 20, GREY_28);

            var parameters = TorchVisionNames.of(model.getBlock());
            assertThat(expected.properties()).hasSize(5);
            for (var tensor : expected.properties()) {
                NDArray loaded = parameters.get(tensor.getKey()).getArray();
                long[] shape = new long[tensor.getValue().get("shape").size()];
                Arrays.setAll(shape, d -> tensor.getValue().get("shape").get(d).longValue());
                float[] leading = floats(tensor.getValue().get("leading"));
                assertThat(loaded.getShape()).as(tensor.getKey()).isEqualTo(new Shape(shape));
                assertThat(Arrays.copyOf(loaded.toFloatArray(), leading.length)).as(tensor.getKey())
                        .containsExactly(leading, within(1e-6f));
            }
        }
    }

    @Test
    void aPyTorchResNetOfAnotherDepthNamesTheDepthItHolds() throws IOException {
        channelWith(MODEL, MODEL);
        try (Model model = Model.newInstance("fine-tune")) {
            model.setBlock(ResNets.build(32, 5, GREY_28));
            assertThatThrownBy(() -> PretrainedWeights.apply(channel, model, 32, GREY_28))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("resnet20-cifar.pt holds a ResNet-20 (3 stages of [3, 3, 3] basic units)")
                    .hasMessageContaining("num_layers is 32 (3 stages of [5, 5, 5] basic units)");
        }
    }

    @Test
    void weightsForGreyImagesOnAnRgbJobNameBothChannelCounts() throws IOException {
        channelWith(MODEL, MODEL);
        Shape rgb = new Shape(3, 28, 28);
        try (Model model = Model.newInstance("fine-tune")) {
            model.setBlock(ResNets.build(20, 5, rgb));
            assertThatThrownBy(() -> PretrainedWeights.apply(channel, model, 20, rgb))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("trained on 1-channel images but image_shape has 3 channels");
        }
    }

    @Test
    void aFileThatIsNotPyTorchsIsAClientError() throws IOException {
        Files.writeString(channel.resolve("model.pt"), "not a model\n");
        try (Model model = Model.newInstance("fine-tune")) {
            model.setBlock(ResNets.build(20, 5, GREY_28));
            assertThatThrownBy(() -> PretrainedWeights.apply(channel, model, 20, GREY_28))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("model.pt is not a TorchScript or PyTorch .pt file")
                    .hasMessageContaining("not a zip archive")
                    .hasMessageContaining("torch.jit.script(net).save");
        }
    }
}
