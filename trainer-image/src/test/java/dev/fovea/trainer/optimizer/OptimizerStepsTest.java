package dev.fovea.trainer.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.Tracker;
import dev.fovea.trainer.schedule.MultiFactorSchedule;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The first two updates of each optimizer on w = [1, -2] with gradients [0.5, 1] then [-1, 2],
 * lr = 0.1, rescaleGrad = 0.5, against values worked out by hand from MXNet's update rules.
 */
class OptimizerStepsTest {

    private static final float LR = 0.1f;
    private static final float RESCALE = 0.5f;

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void sgdWithMomentumAndWeightDecay() {
        // g' = 0.5 g + 0.01 w = [0.26, 0.48]; v = -0.1 g' = [-0.026, -0.048]; w += v
        // g' = [-0.49026, 0.97952]; v = 0.9 v - 0.1 g' = [0.025626, -0.141152]; w += v
        assertTwoSteps(
                () -> new Sgd(Tracker.fixed(LR), RESCALE, 0.01f, 0.9f),
                new float[] {0.974f, -2.048f},
                new float[] {0.999626f, -2.189152f});
    }

    @Test
    void sgdWithoutMomentumIsPlainGradientDescent() {
        // w -= 0.1 * (0.5 g + 0.01 w), twice
        assertTwoSteps(
                () -> new Sgd(Tracker.fixed(LR), RESCALE, 0.01f, 0f),
                new float[] {0.974f, -2.048f},
                new float[] {1.0230260f, -2.1459520f});
    }

    @Test
    void nesterov() {
        // g' = [0.26, 0.48]; m = g'; w -= 0.1 (g' + 0.9 m) = 0.1 [0.494, 0.912]
        assertTwoSteps(
                () -> new Nag(Tracker.fixed(LR), RESCALE, 0.01f, 0.9f),
                new float[] {0.9506f, -2.0912f},
                new float[] {1.02273386f, -2.31610672f});
    }

    @Test
    void adamWithBiasCorrection() {
        // t = 1: m = 0.1 g', v = 0.001 g'^2, lr_t = 0.1 sqrt(0.001) / 0.1, so w -= 0.1 sign(g')
        assertTwoSteps(
                () -> new Adam(Tracker.fixed(LR), RESCALE, 0f, 0.9f, 0.999f, 1e-8f),
                new float[] {0.900000126f, -2.09999994f},
                new float[] {0.936610458f, -2.19651811f});
    }

    @Test
    void rmsPropWithEpsilonInsideTheRoot() {
        // n = 0.1 g'^2, so w -= 0.1 g' / (sqrt(0.1) |g'|) = 0.316228 sign(g')
        assertTwoSteps(
                () -> new RmsProp(Tracker.fixed(LR), RESCALE, 0f, 0.9f, 1e-8f),
                new float[] {0.683772487f, -2.3162277f},
                new float[] {0.969486726f, -2.60194198f});
    }

    @Test
    void theLearningRateComesFromTheScheduleAtTheGlobalUpdateCount() {
        // lr = 0.1 for update 1, 0.01 from update 2: w -= lr * 0.5 g
        try (FoveaOptimizer sgd = new Sgd(new MultiFactorSchedule(LR, 0.1f, List.of(1)), RESCALE, 0f, 0f)) {
            NDArray w = weight();
            sgd.update("w", w, manager.create(new float[] {0.5f, 1f}));
            sgd.update("w", w, manager.create(new float[] {-1f, 2f}));

            assertThat(w.toFloatArray()).containsExactly(new float[] {0.98f, -2.06f}, within(1e-6f));
            assertThat(sgd.numUpdate()).isEqualTo(2);
        }
    }

    @Test
    void theGradientPassedInIsLeftAsItIs() {
        NDArray grad = manager.create(new float[] {0.5f, 1f});
        try (FoveaOptimizer nag = new Nag(Tracker.fixed(LR), RESCALE, 0.01f, 0.9f)) {
            nag.update("w", weight(), grad);
        }
        assertThat(grad.toFloatArray()).containsExactly(0.5f, 1f);
    }

    private void assertTwoSteps(Supplier<FoveaOptimizer> factory, float[] afterFirst, float[] afterSecond) {
        try (FoveaOptimizer optimizer = factory.get()) {
            NDArray w = weight();
            optimizer.update("w", w, manager.create(new float[] {0.5f, 1f}));
            assertThat(w.toFloatArray()).containsExactly(afterFirst, within(1e-6f));
            optimizer.update("w", w, manager.create(new float[] {-1f, 2f}));
            assertThat(w.toFloatArray()).containsExactly(afterSecond, within(1e-6f));
        }
    }

    /** A weight like a network's: a leaf that requires a gradient. */
    private NDArray weight() {
        NDArray w = manager.create(new float[] {1f, -2f});
        w.setRequiresGradient(true);
        return w;
    }
}
