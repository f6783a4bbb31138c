package dev.fovea.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.fovea.trainer.exchange.params.NoGrad;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {

    @Test
    void sageMakerResNetAnswersTheSameWithItsFoldableNormsFolded() {
        Shape image = new Shape(3, 64, 64); // above 32 pixels: the ImageNet stem, whose bn0 folds too
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = TestNetworks.initialised(50, 7, image, manager);
            // bn0, then bn2 and bn3 of each of the 16 bottleneck units; bn_data, each unit's bn1 and the last bn1 stay
            assertFoldingKeepsAnswers(net, image, manager, 1 + 16 * 2);
        }
    }

    @Test
    void torchvisionResNetAnswersTheSameWithEveryNormFolded() {
        Shape image = new Shape(3, 32, 32);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = TestNetworks.torchvision(18, 7, image, manager);
            // the stem's, two per basic unit (8 units) and one per projection shortcut (3)
            assertFoldingKeepsAnswers(net, image, manager, 1 + 8 * 2 + 3);
        }
    }

    private static void assertFoldingKeepsAnswers(Block net, Shape image, NDManager manager, int foldable) {
        randomiseNorms(net);
        Engine.getInstance().setRandomSeed(3);
        NDArray images = manager.randomNormal(0f, 1f, new Shape(3).addAll(image), DataType.FLOAT32);
        float[] unfolded = scores(net, images, manager);

        int folded = NoGrad.call(() -> BatchNormFolding.fold(net));

        assertThat(folded).isEqualTo(foldable);
        TestNetworks.assertSameScores(unfolded, scores(net, images, manager), "folded");
    }

    private static float[] scores(Block net, NDArray images, NDManager manager) {
        return NoGrad.call(() -> net.forward(new ParameterStore(manager, false), new NDList(images), false)
                .singletonOrThrow()
                .toFloatArray());
    }

    /** Trained-looking norms: every scale, shift, mean and variance different, none at its initial value. */
    private static void randomiseNorms(Block net) {
        Random random = new Random(5);
        NoGrad.run(() -> {
            for (Pair<String, Parameter> pair : net.getParameters()) {
                Parameter parameter = pair.getValue();
                NDArray array = parameter.getArray();
                float[] values = new float[Math.toIntExact(array.size())];
                switch (parameter.getType()) {
                    case GAMMA, RUNNING_VAR -> fill(values, random, 0.5f, 1.5f);
                    case BETA, RUNNING_MEAN -> fill(values, random, -0.3f, 0.3f);
                    default -> {
                        continue;
                    }
                }
                array.set(values);
            }
        });
    }

    private static void fill(float[] values, Random random, float from, float to) {
        for (int i = 0; i < values.length; i++) {
            values[i] = from + (to - from) * random.nextFloat();
        }
    }
}
