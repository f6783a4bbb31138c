package dev.fovea.trainer.train.precision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fovea.trainer.exchange.params.Mirrors;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.train.Precision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** float16 training with dynamic loss scaling, on the CPU's half tensors. */
class MixedPrecisionTest {

    private static final Shape IMAGE = new Shape(1, 16, 16);
    private static final float SCALE = 1024f;

    /** The scores and every parameter's gradient of sum(scores), of a float16 network trained with {@code scale}. */
    private record Pass(float[] scores, List<float[]> gradients, List<DataType> parameterTypes) {}

    private static Pass pass(float scale, NDManager manager) {
        Engine.getInstance().setRandomSeed(7);
        Block block = new Float16Network(NetworkFamily.SAGEMAKER.build(20, 3, IMAGE), new LossScale(scale));
        block.initialize(manager, DataType.FLOAT16, new Shape(2).addAll(IMAGE));
        block.getParameters().values().stream() // as DJL's trainer does
                .filter(parameter -> parameter.requiresGradient())
                .forEach(parameter -> parameter.getArray().setRequiresGradient(true));
        NDArray images = manager.randomUniform(0, 1, new Shape(2).addAll(IMAGE));
        float[] scores;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = block.forward(new ParameterStore(manager, false), new NDList(images), true)
                    .singletonOrThrow();
            assertThat(out.getDataType()).as("scores for the loss").isEqualTo(DataType.FLOAT32);
            scores = out.toFloatArray();
            collector.backward(out.sum());
        }
        return new Pass(
                scores,
                block.getParameters().values().stream()
                        .filter(parameter -> parameter.requiresGradient())
                        .map(parameter -> Mirrors.floats(parameter.getArray().getGradient()))
                        .toList(),
                block.getParameters().values().stream()
                        .map(parameter -> parameter.getArray().getDataType())
                        .toList());
    }

    @Test
    void trainsInFloat16AndScalesTheGradientThatEntersTheNetworkExactly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Pass once = pass(SCALE, manager);
            Pass twice = pass(2 * SCALE, manager);

            assertThat(once.parameterTypes()).containsOnly(DataType.FLOAT16);
            assertThat(twice.scores())
                    .as("the forward value does not see the scale")
                    .containsExactly(once.scores());
            // element by element, float16 rounding noise dominates gradients that are zero in exact arithmetic (a shift
            // before a BatchNorm), so the scaling is held over the whole gradient
            double norm = 0;
            double error = 0;
            int nonZero = 0;
            for (int p = 0; p < once.gradients().size(); p++) {
                float[] single = once.gradients().get(p);
                float[] doubled = twice.gradients().get(p);
                for (int i = 0; i < single.length; i++) {
                    assertThat(Float.isFinite(single[i])).as("parameter %d", p).isTrue();
                    norm += 4.0 * single[i] * single[i];
                    error += (doubled[i] - 2.0 * single[i]) * (doubled[i] - 2.0 * single[i]);
                    nonZero += single[i] != 0 ? 1 : 0;
                }
            }
            assertThat(Math.sqrt(error)).isLessThanOrEqualTo(0.01 * Math.sqrt(norm));
            assertThat(nonZero).as("gradients reach the float16 parameters").isPositive();
        }
    }

    @Test
    void theTrainedNetworkIsStoredInFloat32() {
        Precision precision = new Precision(new Device[] {Device.cpu()}, true);
        try (Model model = Model.newInstance("float16")) {
            Block network = NetworkFamily.SAGEMAKER.build(20, 3, IMAGE);
            model.setBlock(network);
            precision.prepare(model);
            model.getBlock().initialize(model.getNDManager(), model.getDataType(), new Shape(1).addAll(IMAGE));
            Map<String, float[]> trained = new HashMap<>();
            network.getParameters()
                    .forEach(pair -> trained.put(
                            pair.getKey(), Mirrors.floats(pair.getValue().getArray())));

            precision.finish(model, network, () -> {
                Block twin = NetworkFamily.SAGEMAKER.build(20, 3, IMAGE);
                twin.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(IMAGE));
                return twin;
            });

            assertThat(model.getDataType()).isEqualTo(DataType.FLOAT32);
            model.getBlock().getParameters().forEach(pair -> {
                assertThat(pair.getValue().getArray().getDataType()).isEqualTo(DataType.FLOAT32);
                assertThat(pair.getValue().getArray().toFloatArray())
                        .as(pair.getKey())
                        .isEqualTo(trained.get(pair.getKey()));
            });
        }
    }

    @Test
    void finiteGradientsAreUnscaledAndAnOverflowZeroesThemAndHalvesTheScale() {
        LossScale lossScale = new LossScale(SCALE);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray first = manager.create(new float[] {SCALE, -2 * SCALE});
            NDArray second = manager.create(new float[] {SCALE / 4});

            assertThat(lossScale.step(List.of(first, second))).isTrue();
            assertThat(first.toFloatArray()).containsExactly(1f, -2f);
            assertThat(second.toFloatArray()).containsExactly(0.25f);
            assertThat(lossScale.scale()).isEqualTo(SCALE);

            NDArray overflowed = manager.create(new float[] {Float.POSITIVE_INFINITY, 3f, Float.NaN});
            NDArray fine = manager.create(new float[] {5f});
            assertThat(lossScale.step(List.of(overflowed, fine))).isFalse();
            assertThat(overflowed.toFloatArray()).containsExactly(0f, 0f, 0f);
            assertThat(fine.toFloatArray()).containsExactly(0f);
            assertThat(lossScale.scale()).isEqualTo(SCALE / 2);
        }
    }

    @Test
    void theScaleDoublesAfterAnIntervalOfFiniteSteps() {
        LossScale lossScale = new LossScale(SCALE);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int step = 0; step < LossScale.GROWTH_INTERVAL; step++) {
                lossScale.step(List.of(manager.create(new float[] {1f})));
            }
        }
        assertThat(lossScale.scale()).isEqualTo(2 * SCALE);
    }
}
