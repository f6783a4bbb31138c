package dev.fovea.trainer.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import dev.fovea.api.spec.Optimizer;
import dev.fovea.trainer.exchange.params.Mirrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** float16 weights updated through float32 masters, as MXNet's multi_precision optimizers do. */
class MasterWeightsTest {

    private static final String ID = "w";
    /** Gradients exactly representable in float16, so both precisions see the same values. */
    private static final float[] GRADIENT = {0.5f, -0.25f, 0.125f, 1f};

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void aFloat16WeightFollowsTheFloat32UpdateOfItsMaster(Optimizer kind) {
        try (NDManager manager = NDManager.newBaseManager();
                FoveaOptimizer single = optimizer(kind);
                FoveaOptimizer half = optimizer(kind)) {
            NDArray weight32 = weight(manager, DataType.FLOAT32);
            NDArray weight16 = weight(manager, DataType.FLOAT16);
            NDArray grad32 = manager.create(GRADIENT);
            NDArray grad16 = grad32.toType(DataType.FLOAT16, true);
            for (int step = 0; step < 5; step++) {
                single.update(ID, weight32, grad32);
                half.update(ID, weight16, grad16);
            }

            OptimizerState state = half.state();
            NDArray master = state.slots().get(OptimizerState.slotKey(MasterWeights.SLOT, ID));
            assertThat(master.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(master.toFloatArray()).containsExactly(weight32.toFloatArray());
            assertThat(state.slots().values())
                    .as("the optimizer's own slots are float32 too")
                    .allSatisfy(slot -> assertThat(slot.getDataType()).isEqualTo(DataType.FLOAT32));
            assertThat(weight16.getDataType()).isEqualTo(DataType.FLOAT16);
            assertThat(Mirrors.floats(weight16))
                    .as("the float16 weight is its master, rounded")
                    .containsExactly(Mirrors.floats(weight32.toType(DataType.FLOAT16, true)));
            state.slots().values().forEach(NDArray::close);
        }
    }

    @Test
    void updatesTooSmallForFloat16AccumulateInTheMaster() {
        float lr = 1e-4f;
        try (NDManager manager = NDManager.newBaseManager();
                FoveaOptimizer sgd = new Sgd(Tracker.fixed(lr), 1f, 0f, 0f)) {
            NDArray one16 = manager.ones(new Shape(1), DataType.FLOAT16);
            assertThat(Mirrors.floats(one16.sub(lr)))
                    .as("1 - 1e-4 rounds back to 1 in float16 (spacing below 1 is 2^-11)")
                    .containsExactly(1f);

            NDArray weight = manager.ones(new Shape(1), DataType.FLOAT16);
            weight.setRequiresGradient(true);
            NDArray grad = manager.ones(new Shape(1), DataType.FLOAT16);
            for (int step = 0; step < 10; step++) {
                sgd.update(ID, weight, grad);
            }

            float expected = 1f;
            for (int step = 0; step < 10; step++) {
                expected -= lr;
            }
            assertThat(Mirrors.floats(weight)).containsExactly(Float.float16ToFloat(Float.floatToFloat16(expected)));
            assertThat(Mirrors.floats(weight)[0]).isLessThan(1f);
        }
    }

    private static FoveaOptimizer optimizer(Optimizer kind) {
        return Optimizers.create(TestHyperParameters.withOptimizer(kind), Tracker.fixed(0.01f), 1f);
    }

    private static NDArray weight(NDManager manager, DataType type) {
        NDArray weight = manager.create(new float[] {1f, -0.5f, 0.75f, 2f}).toType(type, true);
        weight.setRequiresGradient(true);
        return weight;
    }
}
