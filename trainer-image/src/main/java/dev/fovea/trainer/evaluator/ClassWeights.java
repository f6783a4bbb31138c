package dev.fovea.trainer.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;

/**
 * Per-class loss weights from the training labels' frequencies, "balanced" so that every class
 * contributes as much to the loss as it would if the classes were equally frequent: {@code w_c =
 * total / (numClasses * count_c)}. A class absent from the data gets the weight of a class seen
 * once.
 */
public final class ClassWeights {

    private final float[] weights;

    private ClassWeights(float[] weights) {
        this.weights = weights;
    }

    /**
     * Computes the weights.
     *
     * @param classCounts how many training labels name each class (for multi-label data, how many
     *     images carry each label)
     * @return the weights
     * @throws IllegalArgumentException if there are no classes or a count is negative
     */
    public static ClassWeights fromCounts(long[] classCounts) {
        if (classCounts.length == 0 || Arrays.stream(classCounts).anyMatch(count -> count < 0)) {
            throw new IllegalArgumentException(
                    "class counts must be one non-negative count per class, got " + Arrays.toString(classCounts));
        }
        double total = Arrays.stream(classCounts).sum();
        float[] weights = new float[classCounts.length];
        for (int c = 0; c < classCounts.length; c++) {
            weights[c] = (float) (Math.max(total, 1) / ((double) classCounts.length * Math.max(classCounts[c], 1)));
        }
        return new ClassWeights(weights);
    }

    /** The weight of each class. */
    public float[] values() {
        return weights.clone();
    }

    /** The weights as a {@code (numClasses)} array owned by {@code manager}. */
    NDArray toNDArray(NDManager manager) {
        return manager.create(weights);
    }
}
