package dev.fovea.trainer.evaluator;

import ai.djl.training.loss.Loss;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;

/** Creates the training loss SageMaker's {@code multi_label} and {@code use_weighted_loss} select. */
public final class Losses {

    /** The name the loss is logged and exported under. */
    public static final String LOSS_NAME = "loss";

    private Losses() {}

    /**
     * Creates the loss: softmax cross-entropy for single-label data, per-class sigmoid cross-entropy for multi-label
     * data; with {@code use_weighted_loss=1} (multi-label only, as SageMaker has it) each class is weighted by its
     * inverse frequency in the training labels.
     *
     * @param classCounts how many training images carry each class; read only when {@code use_weighted_loss=1}
     * @return the loss
     * @throws IllegalArgumentException if weighted loss is on and there is not one count per class
     */
    public static Loss create(ResolvedHyperParameters hp, long[] classCounts) {
        if (!hp.multiLabel()) {
            return Loss.softmaxCrossEntropyLoss(LOSS_NAME);
        }
        return new MultiLabelBinaryCrossEntropyLoss(LOSS_NAME, hp.useWeightedLoss() ? weights(hp, classCounts) : null);
    }

    private static ClassWeights weights(ResolvedHyperParameters hp, long[] classCounts) {
        if (classCounts == null || classCounts.length != hp.numClasses()) {
            throw new IllegalArgumentException("use_weighted_loss=1 needs one label count per class (num_classes="
                    + hp.numClasses() + "), got " + (classCounts == null ? "none" : classCounts.length + " counts"));
        }
        return ClassWeights.fromCounts(classCounts);
    }
}
