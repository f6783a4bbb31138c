package dev.fovea.trainer.evaluator;

import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.evaluator.TopKAccuracy;
import dev.fovea.api.spec.HyperParameters;
import java.util.ArrayList;
import java.util.List;

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
    public static final String ACCURACY = "accuracy";

    private Evaluators() {}

    /**
     * Creates the evaluators: accuracy, and for single-label data top-k accuracy.
     *
     * @param hp hyperparameters after {@code HyperParameterContract.withDefaults}
     * @return the evaluators, accuracy first
     */
    public static List<Evaluator> create(HyperParameters hp) {
        List<Evaluator> evaluators = new ArrayList<>();
        if (Losses.isOn(hp.getMultiLabel())) {
            evaluators.add(new MultiLabelAccuracy(ACCURACY));
            return evaluators;
        }
        evaluators.add(new Accuracy(ACCURACY));
        if (hp.getTopK() != null) {
            evaluators.add(topK(hp.getTopK()));
        }
        return evaluators;
    }

    /** SageMaker's name for the top-k accuracy metric. */
    public static String topKName(int k) {
        return "top_k_accuracy_" + k;
    }

    static TopKAccuracy topK(int k) {
        return new TopKAccuracy(topKName(k), k);
    }
}
