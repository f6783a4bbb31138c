package dev.fovea.trainer.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.evaluator.AbstractAccuracy;
import ai.djl.util.Pair;

/**
 * SageMaker's multi-label accuracy, "average accuracy across all classes": each (image, class)
 * decision counts, a class being predicted when its sigmoid probability exceeds 0.5 (score > 0).
 */
public final class MultiLabelAccuracy extends AbstractAccuracy {

    public MultiLabelAccuracy(String name) {
        super(name);
    }

    @Override
    protected Pair<Long, NDArray> accuracyHelper(NDList labels, NDList predictions) {
        NDArray scores = predictions.singletonOrThrow();
        NDArray present = labels.singletonOrThrow().reshape(scores.getShape()).gt(0.5f);
        NDArray correct = scores.gt(0f).eq(present).countNonzero();
        return new Pair<>(scores.size(), correct);
    }
}
