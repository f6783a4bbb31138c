package dev.fovea.trainer.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy with a weight per class, reduced like PyTorch's weighted {@code
 * cross_entropy}: {@code sum_i w(y_i) * nll_i / sum_i w(y_i)}. Labels are class indices {@code (N)}
 * or {@code (N, 1)}, or multi-hot vectors {@code (N, C)}, which count as the distribution that
 * spreads an image's probability evenly over its labels.
 */
public final class WeightedSoftmaxCrossEntropyLoss extends Loss {

    private final ClassWeights classWeights;

    public WeightedSoftmaxCrossEntropyLoss(String name, ClassWeights classWeights) {
        super(name);
        this.classWeights = classWeights;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray scores = predictions.singletonOrThrow();
        int numClasses = Math.toIntExact(scores.getShape().get(1));
        NDArray target = targetDistribution(labels.singletonOrThrow(), numClasses);
        NDArray logProbabilities = scores.logSoftmax(1);
        NDArray negativeLogLikelihood =
                logProbabilities.mul(target).sum(new int[] {1}).neg();
        NDArray sampleWeights =
                target.mul(classWeights.toNDArray(scores.getManager())).sum(new int[] {1});
        return negativeLogLikelihood.mul(sampleWeights).sum().div(sampleWeights.sum());
    }

    private static NDArray targetDistribution(NDArray label, int numClasses) {
        if (label.getShape().dimension() == 2 && label.getShape().get(1) == numClasses && numClasses > 1) {
            NDArray multiHot = label.toType(DataType.FLOAT32, false);
            return multiHot.div(multiHot.sum(new int[] {1}, true).maximum(1f));
        }
        return label.reshape(-1)
                .toType(DataType.INT64, false)
                .oneHot(numClasses)
                .toType(DataType.FLOAT32, false);
    }
}
