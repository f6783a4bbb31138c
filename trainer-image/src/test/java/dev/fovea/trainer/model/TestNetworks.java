package dev.fovea.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** SageMaker's networks, ready for the tests that save, load and compare them. */
public final class TestNetworks {

    private TestNetworks() {}

    /** An initialised network (random weights, BatchNorm statistics at their defaults). */
    public static SageMakerResNet initialised(int depth, int classes, Shape image, NDManager manager) {
        SageMakerResNet net = SageMakerResNet.build(depth, classes, image);
        net.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(image));
        return net;
    }

    /** An initialised torchvision-style network ({@link ResNets}). */
    public static Block torchvision(int depth, int classes, Shape image, NDManager manager) {
        Block net = ResNets.build(depth, classes, image);
        net.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(image));
        return net;
    }

    /** Asserts that each score of {@code answered} is its counterpart in {@code expected} within 1e-4 of the largest. */
    public static void assertSameScores(float[] expected, float[] answered, String what) {
        float largest = 0;
        for (float score : expected) {
            largest = Math.max(largest, Math.abs(score));
        }
        assertThat(largest).isPositive();
        assertThat(answered).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(answered[i]).as("%s score %d", what, i).isCloseTo(expected[i], within(1e-4f * largest));
        }
    }

    /** A network whose BatchNorm statistics moved over a few training passes, so that none is at its default. */
    public static SageMakerResNet trained(int depth, int classes, Shape image, NDManager manager) {
        SageMakerResNet net = initialised(depth, classes, image, manager);
        for (int step = 0; step < 2; step++) {
            net.forward(
                    new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(0.5f, 2f, new Shape(4).addAll(image), DataType.FLOAT32)),
                    true);
        }
        return net;
    }

    /** The network's class scores for {@code images} in inference mode. */
    public static float[] infer(SageMakerResNet net, NDArray images, NDManager manager) {
        return net.forward(new ParameterStore(manager, false), new NDList(images), false)
                .singletonOrThrow()
                .toFloatArray();
    }
}
