package dev.fovea.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Fovea's BatchNorm must be DJL's, computed without the detour: same outputs, statistics, gradients and files. */
class BatchNormTest {

    private static final Shape INPUT = new Shape(4, 3, 5, 5);

    @Test
    void trainingStepsMatchDjlsBatchNormInOutputRunningStatisticsAndInputGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block fovea = initialized(new BatchNorm(ResNets.BATCH_NORM_EPSILON, 0.9f), manager);
            Block djl = initialized(djlBatchNorm(), manager);
            for (int step = 0; step < 3; step++) {
                NDArray x = manager.randomNormal(2f, 3f, INPUT, DataType.FLOAT32);
                NDArray weights = manager.randomNormal(INPUT);
                Pass ours = trainingPass(fovea, x, weights, manager);
                Pass theirs = trainingPass(djl, x, weights, manager);

                assertThat(maxDifference(ours.output(), theirs.output())).isLessThan(1e-6f);
                assertThat(maxDifference(ours.inputGradient(), theirs.inputGradient()))
                        .isLessThan(1e-6f);
            }
            for (String statistic : new String[] {"runningMean", "runningVar"}) {
                NDArray ours = fovea.getParameters().get(statistic).getArray();
                assertThat(ours.getFloat(0))
                        .as(statistic + " moved")
                        .isNotEqualTo(statistic.equals("runningMean") ? 0f : 1f);
                assertThat(maxDifference(
                                ours, djl.getParameters().get(statistic).getArray()))
                        .isLessThan(1e-6f);
            }
            NDArray x = manager.randomNormal(INPUT);
            assertThat(maxDifference(inference(fovea, x, manager), inference(djl, x, manager)))
                    .isLessThan(1e-6f);
        }
    }

    @Test
    void parametersSavedByEitherBlockLoadIntoTheOther() throws IOException, MalformedModelException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block trained = initialized(djlBatchNorm(), manager);
            trainingPass(trained, manager.randomNormal(2f, 3f, INPUT, DataType.FLOAT32), manager.ones(INPUT), manager);
            Block fovea = new BatchNorm(ResNets.BATCH_NORM_EPSILON, 0.9f);
            load(fovea, save(trained), manager);
            Block djl = djlBatchNorm();
            load(djl, save(fovea), manager);

            for (String name : new String[] {"gamma", "beta", "runningMean", "runningVar"}) {
                NDArray original = trained.getParameters().get(name).getArray();
                assertThat(maxDifference(fovea.getParameters().get(name).getArray(), original))
                        .isZero();
                assertThat(maxDifference(djl.getParameters().get(name).getArray(), original))
                        .isZero();
            }
        }
    }

    private record Pass(NDArray output, NDArray inputGradient) {}

    private static Pass trainingPass(Block block, NDArray x, NDArray weights, NDManager manager) {
        NDArray input = x.duplicate();
        input.setRequiresGradient(true);
        NDArray output;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            output = block.forward(new ParameterStore(manager, false), new NDList(input), true)
                    .singletonOrThrow();
            collector.backward(output.mul(weights).sum());
        }
        return new Pass(output, input.getGradient());
    }

    private static NDArray inference(Block block, NDArray x, NDManager manager) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), false)
                .singletonOrThrow();
    }

    private static Block djlBatchNorm() {
        return ai.djl.nn.norm.BatchNorm.builder()
                .optEpsilon(ResNets.BATCH_NORM_EPSILON)
                .optMomentum(0.9f)
                .build();
    }

    private static Block initialized(Block block, NDManager manager) {
        block.initialize(manager, DataType.FLOAT32, INPUT);
        return block;
    }

    private static byte[] save(Block block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    private static void load(Block block, byte[] saved, NDManager manager) throws IOException, MalformedModelException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            block.loadParameters(manager, in);
        }
    }

    private static float maxDifference(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
