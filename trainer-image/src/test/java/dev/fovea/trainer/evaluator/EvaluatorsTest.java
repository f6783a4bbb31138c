package dev.fovea.trainer.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.evaluator.Evaluator;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.optimizer.TestHyperParameters;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EvaluatorsTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void topKAccuracyCountsAnImageWhenItsLabelIsAmongTheKHighestScores() {
        NDList scores = new NDList(manager.create(new float[][] {
            {0.1f, 0.5f, 0.3f, 0.1f}, // top-2 {1, 2}: label 2 hit
            {0.6f, 0.1f, 0.2f, 0.1f}, // top-2 {0, 2}: label 1 miss
            {0.1f, 0.2f, 0.3f, 0.4f}, // top-2 {3, 2}: label 3 hit
            {0.4f, 0.3f, 0.2f, 0.1f} // top-2 {0, 1}: label 3 miss
        }));
        NDList labels = new NDList(manager.create(new float[] {2, 1, 3, 3}));
        Evaluator topTwo = Evaluators.topK(2);

        assertThat(topTwo.getName()).isEqualTo("top_k_accuracy_2");
        assertThat(accumulated(topTwo, labels, scores)).isEqualTo(0.5f);
        // a second batch, every label in its top 2, accumulates to 6 of 8
        topTwo.updateAccumulator("train", new NDList(manager.create(new float[] {1, 0, 2, 0})), scores);
        assertThat(topTwo.getAccumulator("train")).isEqualTo(6f / 8);
    }

    @Test
    void singleLabelRunsGetAccuracyAndTopK() {
        ResolvedHyperParameters hp = TestHyperParameters.with(set -> set.setTopK(5));

        List<Evaluator> evaluators = Evaluators.create(hp);

        assertThat(evaluators).extracting(Evaluator::getName).containsExactly("accuracy", "top_k_accuracy_5");
    }

    @Test
    void multiLabelAccuracyAveragesEveryImageClassDecision() {
        NDList scores = new NDList(manager.create(new float[][] {{2f, -1f, 0.5f}, {-3f, 1f, -0.2f}}));
        // decisions: {1,0,1} vs {1,0,0} -> 2 right; {0,1,0} vs {0,1,0} -> 3 right
        NDList labels = new NDList(manager.create(new float[][] {{1, 0, 0}, {0, 1, 0}}));
        ResolvedHyperParameters hp = TestHyperParameters.with(set -> {
            set.setMultiLabel(1);
            set.setTopK(5);
        });

        List<Evaluator> evaluators = Evaluators.create(hp);

        assertThat(evaluators).hasSize(1);
        assertThat(evaluators.getFirst().getName()).isEqualTo("accuracy");
        assertThat(accumulated(evaluators.getFirst(), labels, scores)).isCloseTo(5f / 6, within(1e-6f));
    }

    @Test
    void weightsAreBalancedByInverseFrequency() {
        assertThat(ClassWeights.fromCounts(new long[] {1, 3, 0}).values())
                .containsExactly(new float[] {4f / 3, 4f / 9, 4f / 3}, within(1e-6f));
    }

    @Test
    void withoutTopKSageMakerReportsNoTopKAccuracy() {
        ResolvedHyperParameters hp = TestHyperParameters.with(set -> set.setTopK(null));

        assertThat(Evaluators.create(hp)).extracting(Evaluator::getName).containsExactly("accuracy");
    }

    @Test
    void weightedMultiLabelLossMatchesAHandComputation() {
        ResolvedHyperParameters hp = TestHyperParameters.with(set -> {
            set.setNumClasses(2);
            set.setMultiLabel(1);
            set.setUseWeightedLoss(1);
        });
        // weights from counts (2, 1): 3/4 and 3/2; loss = mean of w_c (softplus(z) - y z)
        var loss = Losses.create(hp, new long[] {2, 1});
        NDList scores = new NDList(manager.create(new float[][] {{2f, -1f}, {0f, 3f}}));
        NDList labels = new NDList(manager.create(new float[][] {{1, 0}, {1, 1}}));

        assertThat(loss.evaluate(labels, scores).getFloat()).isCloseTo(0.28945749f, within(1e-6f));
    }

    /** Accumulates one batch as the training loop does and returns the metric. */
    private static float accumulated(Evaluator evaluator, NDList labels, NDList scores) {
        evaluator.addAccumulator("train");
        evaluator.updateAccumulator("train", labels, scores);
        return evaluator.getAccumulator("train");
    }
}
