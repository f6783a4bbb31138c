package dev.fovea.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.Optimizer;
import dev.fovea.trainer.optimizer.Optimizers;
import dev.fovea.trainer.optimizer.TestHyperParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SageMaker's ResNet-20 learns to tell dark from bright 8x8 images through DJL's trainer, with the fused
 * (sgd) and the tensor-op (nag) optimizer paths; the other optimizers' arithmetic is tested step by
 * step in the optimizer tests.
 */
class ResNetTrainingTest {

    private static final int BATCH = 16;
    private static final Shape INPUT = new Shape(BATCH, 1, 8, 8);

    @ParameterizedTest(name = "{0} at lr {1}")
    @CsvSource({"SGD, 0.1", "NAG, 0.1"})
    void lossFallsAndGradientsAreClearedAfterEachStep(Optimizer kind, double learningRate) {
        ResolvedHyperParameters hp = TestHyperParameters.withOptimizer(kind);
        try (Model model = Model.newInstance("resnet-20");
                var optimizer = Optimizers.create(hp, Tracker.fixed((float) learningRate), 1f)) {
            model.setBlock(SageMakerResNet.build(20, 2, new Shape(1, 8, 8)));
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(INPUT);
                NDManager manager = trainer.getManager();
                NDArray labels = manager.arange(0f, BATCH).mod(2f);
                // class 1 images are brighter by 1.5 on average
                NDArray images = manager.randomNormal(INPUT)
                        .addi(labels.reshape(BATCH, 1, 1, 1).mul(1.5f));

                float first = trainStep(trainer, images, labels);
                float last = first;
                for (int step = 1; step < 10; step++) {
                    last = trainStep(trainer, images, labels);
                }

                assertThat(last).isLessThan(first / 2);
                ParameterList parameters = model.getBlock().getParameters();
                Parameter classifier = parameters.valueAt(parameters.size() - 1);
                assertThat(classifier.getArray().getGradient().abs().sum().getFloat())
                        .isZero();
            }
        }
    }

    private static float trainStep(Trainer trainer, NDArray images, NDArray labels) {
        float loss;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray scores = trainer.forward(new NDList(images)).singletonOrThrow();
            NDArray value = trainer.getLoss().evaluate(new NDList(labels), new NDList(scores));
            collector.backward(value);
            loss = value.getFloat();
        }
        trainer.step();
        return loss;
    }
}
