package dev.fovea.trainer.pretrained;

import static dev.fovea.trainer.pretrained.PretrainedFixtures.GREY_28;
import static dev.fovea.trainer.pretrained.PretrainedFixtures.RESNET20;
import static dev.fovea.trainer.pretrained.PretrainedFixtures.floats;
import static dev.fovea.trainer.pretrained.PretrainedFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fovea.trainer.model.ResNets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the ResNet-20s that {@code scripts/make-torchscript-fixture.py} wrote with PyTorch and checks that Fovea's
 * ResNet then holds PyTorch's weights and computes PyTorch's features for the same input.
 */
class PyTorchWeightsTest {

    @TempDir
    Path channel;

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
    void aTorchScriptResNet20ComputesPyTorchsFeaturesWhileTheClassifierStartsAfresh() {
        JsonNode expected = PretrainedFixtures.json("resnet20-cifar-expected.json");
        PretrainedFixtures.copy(RESNET20, channel, RESNET20);
        try (Model model = Model.newInstance("fine-tune")) {
            model.setBlock(ResNets.build(20, 5, GREY_28));
            PretrainedFixtures.transfer(channel, model, 20, GREY_28);

            NDManager manager = model.getNDManager();
            NDArray images = manager.create(floats(expected.get("input")), new Shape(2, 1, 28, 28));
            float[] features = features(model.getBlock(), images, manager).toFloatArray();

            // 2e-7 apart; without moving the BatchNorm epsilon difference into running_var they are 1.2e-5 apart
            assertThat(features).hasSize(2 * 64).containsExactly(rows(expected.get("features")), within(2e-6f));
            var classifier = model.getBlock().getChildren().values().getLast().getParameters();
            assertThat(classifier.get("weight").getArray().getShape()).isEqualTo(new Shape(5, 64));
            assertThat(classifier.get("bias").getArray().toFloatArray()).containsOnly(0f);
        }
    }

    @Test
    void theFixtureIsWhatLibTorchComputes() throws IOException, MalformedModelException {
        JsonNode expected = PretrainedFixtures.json("resnet20-cifar-expected.json");
        PretrainedFixtures.copy(RESNET20, channel, RESNET20);
        try (Model torchScript = Model.newInstance("resnet20-cifar", "PyTorch")) {
            torchScript.load(channel, "resnet20-cifar");
            NDManager manager = torchScript.getNDManager();
            NDArray images = manager.create(floats(expected.get("input")), new Shape(2, 1, 28, 28));
            NDArray logits = torchScript
                    .getBlock()
                    .forward(new ParameterStore(manager, false), new NDList(images), false)
                    .singletonOrThrow();

            assertThat(logits.toFloatArray()).containsExactly(rows(expected.get("logits")), within(2e-6f));
        }
    }

    @Test
    void aHalfPrecisionStateDictOfStridedViewsForRgbImagesLoadsWithItsFirstConvolutionSummedForGreyImages() {
        JsonNode expected = PretrainedFixtures.json("resnet20-rgb-state-dict-half-expected.json");
        PretrainedFixtures.copy("resnet20-rgb-state-dict-half.pt", channel, "resnet20.pth");
        try (Model model = Model.newInstance("fine-tune")) {
            model.setBlock(ResNets.build(20, 5, GREY_28));
            PretrainedFixtures.transfer(channel, model, 20, GREY_28);

            var parameters = TorchVisionNames.of(model.getBlock());
            assertThat(expected.properties()).hasSize(5);
            for (var tensor : expected.properties()) {
                NDArray loaded = parameters.get(tensor.getKey()).getArray();
                long[] shape = new long[tensor.getValue().get("shape").size()];
                Arrays.setAll(shape, d -> tensor.getValue().get("shape").get(d).longValue());
                float[] leading = floats(tensor.getValue().get("leading"));
                assertThat(loaded.getShape()).as(tensor.getKey()).isEqualTo(new Shape(shape));
                assertThat(Arrays.copyOf(loaded.toFloatArray(), leading.length))
                        .as(tensor.getKey())
                        .containsExactly(leading, within(1e-6f));
            }
        }
    }
}
