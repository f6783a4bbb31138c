package dev.fovea.trainer.train;

import java.util.OptionalDouble;

/**
 * What one epoch measured, as SageMaker's Image Classification algorithm reports it.
 *
 * @param epoch the 0-based epoch number, as in {@code Epoch[0]}
 * @param trainAccuracy top-1 accuracy on the training batches of this epoch (with augmentation)
 * @param trainTopKAccuracy top-k accuracy on the training batches, when {@code topK} is set
 * @param trainLoss mean training loss over the epoch
 * @param validationAccuracy top-1 accuracy on the validation channel, when there is one
 * @param validationTopKAccuracy top-k accuracy on the validation channel, when there is one and {@code topK} is set
 * @param timeCostSeconds wall time of the training pass (without validation), SageMaker's "Time cost"
 * @param images training images seen this epoch on this host
 */
public record EpochMetrics(
        int epoch,
        double trainAccuracy,
        OptionalDouble trainTopKAccuracy,
        double trainLoss,
        OptionalDouble validationAccuracy,
        OptionalDouble validationTopKAccuracy,
        double timeCostSeconds,
        long images) {

    /** Training throughput of this epoch on this host. */
    public double imagesPerSecond() {
        return timeCostSeconds > 0 ? images / timeCostSeconds : 0;
    }
}
