package dev.fovea.trainer.evaluator;

import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.evaluator.TopKAccuracy;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The accuracy metrics SageMaker logs, named as in its log lines ({@code Train-accuracy}, {@code
 * Train-top_k_accuracy_5}).
 *
 * <p>DJL's {@link TopKAccuracy} counts an image correct when its label is among the {@code k}
 * highest scores (with {@code k} capped at the number of classes), which is MXNet's {@code
 * TopKAccuracy} and so SageMaker's {@code top_k_accuracy_K}.
 */
public final class Evaluators {

    /** The name of the (multi-class or multi-label) accuracy. */
    private static final String ACCURACY = "accuracy";

    private Evaluators() {}

    /**
     * Creates the evaluators: accuracy, then, when {@code top_k} is set and the data is single-label, top-k accuracy
     * (SageMaker has no default {@code top_k} and reports no top-k accuracy without one).
     *
     * @return the evaluators, accuracy first
     */
    public static List<Evaluator> create(ResolvedHyperParameters hp) {
        List<Evaluator> evaluators = new ArrayList<>();
        evaluators.add(accuracy(hp));
        topKAccuracy(hp).ifPresent(evaluators::add);
        return evaluators;
    }

    /**
     * The accuracy: the fraction of images whose highest score is their label, or for multi-label
     * data the fraction of right per-class decisions.
     */
    private static Evaluator accuracy(ResolvedHyperParameters hp) {
        return hp.multiLabel() ? new MultiLabelAccuracy(ACCURACY) : new Accuracy(ACCURACY);
    }

    /** The top-k accuracy for single-label data when {@code top_k} is set; none otherwise. */
    private static Optional<Evaluator> topKAccuracy(ResolvedHyperParameters hp) {
        if (hp.multiLabel() || hp.topK().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(topK(hp.topK().getAsInt()));
    }

    /** SageMaker's name for the top-k accuracy metric. */
    private static String topKName(int k) {
        return "top_k_accuracy_" + k;
    }

    static TopKAccuracy topK(int k) {
        return new TopKAccuracy(topKName(k), k);
    }
}
