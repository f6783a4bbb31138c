package dev.fovea.trainer.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.Tracker;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.Optimizer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OptimizerStateTest {

    private static final float[] W0 = {1f, -2f, 0.5f};
    private static final float[] G1 = {0.5f, 1f, -0.25f};
    private static final float[] G2 = {-1f, 2f, 0.75f};
    private static final float[] G3 = {0.3f, -0.6f, 1.5f};

    /**
     * Two optimizers: one runs three updates; the other runs one, saves its state through bytes,
     * and a fresh optimizer restored from them runs the last two. The weights must agree exactly.
     */
    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void aRestoredOptimizerTakesTheSameNextSteps(Optimizer kind) {
        ResolvedHyperParameters hp = TestHyperParameters.withOptimizer(kind);
        try (NDManager manager = NDManager.newBaseManager();
                FoveaOptimizer uninterrupted = Optimizers.create(hp, Tracker.fixed(0.1f), 0.5f);
                FoveaOptimizer interrupted = Optimizers.create(hp, Tracker.fixed(0.1f), 0.5f);
                FoveaOptimizer resumed = Optimizers.create(hp, Tracker.fixed(0.1f), 0.5f)) {
            NDArray reference = weight(manager);
            for (float[] g : new float[][] {G1, G2, G3}) {
                uninterrupted.update("w", reference, manager.create(g));
            }

            NDArray w = weight(manager);
            interrupted.update("w", w, manager.create(G1));
            OptimizerState state = interrupted.state();
            byte[] saved = state.encode(manager);
            state.slots().values().forEach(NDArray::close);
            try (NDManager checkpoint = NDManager.newBaseManager()) {
                resumed.restore(OptimizerState.decode(checkpoint, saved));
            }
            resumed.update("w", w, manager.create(G2));
            resumed.update("w", w, manager.create(G3));

            assertThat(w.toFloatArray()).containsExactly(reference.toFloatArray());
            assertThat(resumed.numUpdate()).isEqualTo(3);
            assertThat(resumed.state().updateCounts()).containsEntry("w", 3);
        }
    }

    @Test
    void stateNamesEachSlotByParameter() {
        try (NDManager manager = NDManager.newBaseManager();
                FoveaOptimizer adam = create(Optimizer.ADAM)) {
            adam.update("conv_weight", weight(manager), manager.create(G1));

            OptimizerState state = adam.state();

            assertThat(state.slots()).containsOnlyKeys("mean/conv_weight", "variance/conv_weight");
            assertThat(state.updateCounts()).containsExactlyEntriesOf(Map.of("conv_weight", 1));
        }
    }

    @Test
    void restoringAfterTheFirstUpdateIsRefused() {
        try (NDManager manager = NDManager.newBaseManager();
                FoveaOptimizer sgd = create(Optimizer.SGD)) {
            sgd.update("w", weight(manager), manager.create(G1));
            OptimizerState state = sgd.state();

            assertThatThrownBy(() -> sgd.restore(state)).isInstanceOf(IllegalStateException.class);
        }
    }

    private static FoveaOptimizer create(Optimizer kind) {
        return Optimizers.create(TestHyperParameters.withOptimizer(kind), Tracker.fixed(0.1f), 1f);
    }

    private static NDArray weight(NDManager manager) {
        NDArray w = manager.create(W0);
        w.setRequiresGradient(true);
        return w;
    }
}
