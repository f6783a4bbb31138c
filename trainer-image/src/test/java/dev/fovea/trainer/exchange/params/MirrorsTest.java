package dev.fovea.trainer.exchange.params;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the exchange does with a parameter's per-device copies. A CPU has one device, so the copies here are two
 * arrays on it, which is all {@link Mirrors} sees of two GPUs' copies.
 */
class MirrorsTest {

    @Test
    void theGradientSentIsTheSumOverTheCopiesAndTheSumReceivedIsLeftForTheOptimizerStep() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray first = withGradient(manager, new float[] {1, 2, 3}, new float[] {0.5f, 1, 1.5f});
            NDArray second = withGradient(manager, new float[] {1, 2, 3}, new float[] {0.25f, 0, -1});
            Mirrors mirrors = new Mirrors(List.of(first, second));

            assertThat(mirrors.gradientSum()).containsExactly(0.75f, 1f, 0.5f);

            mirrors.setGradientSum(FloatBuffer.wrap(new float[] {4, 5, 6}));
            assertThat(first.getGradient().toFloatArray()).containsExactly(4f, 5f, 6f);
            assertThat(second.getGradient().toFloatArray()).containsExactly(0f, 0f, 0f);
            assertThat(mirrors.gradientSum()).containsExactly(4f, 5f, 6f);

            mirrors.zeroGradients();
            assertThat(mirrors.gradientSum()).containsExactly(0f, 0f, 0f);
        }
    }

    @Test
    void weightsThatArriveAreWrittenIntoEveryCopyInItsOwnType() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray single = manager.zeros(new Shape(2));
            NDArray half = manager.zeros(new Shape(2), DataType.FLOAT16);
            Mirrors mirrors = new Mirrors(List.of(single, half));

            mirrors.overwrite(FloatBuffer.wrap(new float[] {0.5f, -2f}));

            assertThat(single.toFloatArray()).containsExactly(0.5f, -2f);
            assertThat(half.getDataType()).isEqualTo(DataType.FLOAT16);
            assertThat(Mirrors.floats(half)).containsExactly(0.5f, -2f);
        }
    }

    @Test
    void onOneDeviceTheOnlyCopyIsTheParameterItself() {
        try (Model model = Model.newInstance("mirrors")) {
            model.setBlock(Linear.builder().setUnits(2).build());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                trainer.initialize(new Shape(1, 3));
                Parameter weight = model.getBlock().getParameters().get("weight");

                Mirrors mirrors = Mirrors.of(trainer, weight);

                assertThat(mirrors.copies()).hasSize(1);
                assertThat(mirrors.primary()).isSameAs(weight.getArray());
            }
        }
    }

    /** An array whose gradient is {@code gradient}, left there by a real backward pass of sum(array * gradient). */
    private static NDArray withGradient(NDManager manager, float[] values, float[] gradient) {
        NDArray array = manager.create(values);
        array.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(array.mul(manager.create(gradient)).sum());
        }
        return array;
    }
}
