package dev.fovea.trainer.evaluator;

import ai.djl.training.loss.Loss;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;

/** Creates the training loss SageMaker's {@code multi_label} and {@code use_weighted_loss} select. */
public final class Losses {

    /** The name the loss is logged and exported under. */
    public static final String LOSS_NAME = "loss";

    private Losses() {}

    /**
     * Creates the loss: softmax cross-entropy for single-label data, per-class sigmoid
     * cross-entropy for multi-label data; with {@code useWeightedLoss=1} each class is weighted by
     * its inverse frequency in the training labels.
     *
     * @param classCounts how many training labels name each class; read only when {@code
     *     useWeightedLoss=1} (may then be computed from the training data's labels)
     * @return the loss
     * @throws IllegalArgumentException if weighted loss is on and there is not one count per class
     */
    public static Loss create(ResolvedHyperParameters hp, long[] classCounts) {
        ClassWeights weights = hp.useWeightedLoss() ? weights(hp, classCounts) : null;
        if (hp.multiLabel()) {
            return new MultiLabelBinaryCrossEntropyLoss(LOSS_NAME, weights);
        }
        return weights == null
                ? Loss.softmaxCrossEntropyLoss(LOSS_NAME)
                : new WeightedSoftmaxCrossEntropyLoss(LOSS_NAME, weights);
    }

    private static ClassWeights weights(ResolvedHyperParameters hp, long[] classCounts) {
        if (classCounts == null || classCounts.length != hp.numClasses()) {
            throw new IllegalArgumentException("useWeightedLoss=1 needs one label count per class (numClasses="
                    + hp.numClasses() + "), got " + (classCounts == null ? "none" : classCounts.length + " counts"));
        }
        return ClassWeights.fromCounts(classCounts);
    }
}
