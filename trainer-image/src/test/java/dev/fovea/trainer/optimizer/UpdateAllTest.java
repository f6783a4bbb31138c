package dev.fovea.trainer.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.fovea.api.spec.Optimizer;
import java.util.function.BiConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UpdateAllTest {

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void updatingAllParametersDirectlyEqualsTheTrainersStep(Optimizer kind) {
        float[] viaTrainer = trainTwoSteps(kind, (trainer, optimizer) -> trainer.step());
        float[] direct = trainTwoSteps(
                kind,
                (trainer, optimizer) ->
                        optimizer.updateAll(trainer.getModel().getBlock().getParameters()));

        assertThat(direct).containsExactly(viaTrainer);
    }

    private static float[] trainTwoSteps(Optimizer kind, BiConsumer<Trainer, FoveaOptimizer> step) {
        try (Model model = Model.newInstance("linear");
                FoveaOptimizer optimizer =
                        Optimizers.create(TestHyperParameters.withOptimizer(kind), Tracker.fixed(0.1f), 1f)) {
            Linear linear = Linear.builder().setUnits(3).build();
            linear.setInitializer(new ConstantInitializer(0.1f), Parameter.Type.WEIGHT);
            model.setBlock(linear);
            var config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(2, 4));
                NDArray x = trainer.getManager().create(new float[][] {{1, 2, 3, 4}, {-1, 0, 1, 2}});
                NDArray y = trainer.getManager().create(new float[] {0, 2});
                for (int i = 0; i < 2; i++) {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray scores = trainer.forward(new NDList(x)).singletonOrThrow();
                        collector.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(scores)));
                    }
                    step.accept(trainer, optimizer);
                }
                return linear.getParameters().get("weight").getArray().toFloatArray();
            }
        }
    }
}
