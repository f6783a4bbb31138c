package dev.fovea.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fovea.trainer.exchange.params.NoGrad;
import org.junit.jupiter.api.Test;

/**
 * Inference with autograd off adds each unit's shortcut into its residual in place ({@link ResidualSum}); the answers
 * must be those of the forward pass autograd records in training, which allocates every sum, with the BatchNorms
 * folded or not.
 */
class ResidualSumTest {

    @Test
    void sageMakerResNetAnswersInPlaceAsTheRecordedForwardPass() {
        Shape image = new Shape(3, 64, 64);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertInPlaceAnswersAsRecorded(TestNetworks.initialised(50, 7, image, manager), image, manager);
        }
    }

    @Test
    void torchvisionResNetAnswersInPlaceAsTheRecordedForwardPass() {
        Shape image = new Shape(3, 32, 32);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertInPlaceAnswersAsRecorded(TestNetworks.torchvision(50, 7, image, manager), image, manager);
        }
    }

    @Test
    void cifarResNetWithZeroPaddedShortcutsAnswersInPlaceAsTheRecordedForwardPass() {
        Shape image = new Shape(3, 32, 32);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertInPlaceAnswersAsRecorded(TestNetworks.torchvision(20, 10, image, manager), image, manager);
        }
    }

    private static void assertInPlaceAnswersAsRecorded(Block net, Shape image, NDManager manager) {
        Engine.getInstance().setRandomSeed(11);
        NDArray images = manager.randomNormal(0f, 1f, new Shape(2).addAll(image), DataType.FLOAT32);
        float[] pixels = images.toFloatArray();
        // a gradient for the input, so that autograd records every activation computed from it
        images.setRequiresGradient(true);
        float[] recorded;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray scores = forward(net, images, manager);
            recorded = scores.toFloatArray();
            collector.backward(scores.sum());
        }
        assertThat(images.getGradient().abs().max().getFloat())
                .as("autograd recorded the pass")
                .isPositive();
        float[] unfolded = NoGrad.call(() -> forward(net, images, manager).toFloatArray());
        NoGrad.run(() -> BatchNormFolding.fold(net));
        float[] folded = NoGrad.call(() -> forward(net, images, manager).toFloatArray());

        assertThat(images.toFloatArray()).as("the input is left as it was").isEqualTo(pixels);
        TestNetworks.assertSameScores(recorded, unfolded, "unfolded");
        TestNetworks.assertSameScores(recorded, folded, "folded");
    }

    private static NDArray forward(Block net, NDArray images, NDManager manager) {
        return net.forward(new ParameterStore(manager, false), new NDList(images), false)
                .singletonOrThrow();
    }
}
