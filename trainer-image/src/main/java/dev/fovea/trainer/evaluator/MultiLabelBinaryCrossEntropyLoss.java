package dev.fovea.trainer.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * The multi-label loss: an independent sigmoid cross-entropy per class on multi-hot labels {@code
 * (N, C)}, optionally weighted per class, averaged over images and classes. Computed from the
 * scores as {@code softplus(z) - y z}, which is stable for large scores.
 */
public final class MultiLabelBinaryCrossEntropyLoss extends Loss {

    private final ClassWeights classWeights;

    /**
     * @param name the loss name
     * @param classWeights the per-class weights, or null for none
     */
    public MultiLabelBinaryCrossEntropyLoss(String name, ClassWeights classWeights) {
        super(name);
        this.classWeights = classWeights;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray scores = predictions.singletonOrThrow();
        NDArray multiHot =
                labels.singletonOrThrow().toType(DataType.FLOAT32, false).reshape(scores.getShape());
        NDArray perClass = Activation.softPlus(scores).sub(scores.mul(multiHot));
        if (classWeights != null) {
            perClass = perClass.mul(classWeights.toNDArray(scores.getManager()));
        }
        return perClass.mean();
    }
}
