package dev.fovea.trainer.train.checkpoint;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The scalar part of a checkpoint, stored as {@code state.json} beside the parameters and the optimizer state.
 *
 * @param network the {@link NetworkSignature} of the job that wrote it
 * @param nextEpoch the epoch a resumed run starts with (the checkpoint was taken after epoch {@code nextEpoch - 1})
 * @param updateCount optimizer updates done so far: the learning-rate schedule's position
 * @param dataSeed the seed that orders the data; each epoch's order derives from it and the epoch number
 * @param bestValidationAccuracy the best validation accuracy of any epoch so far; {@code null} without validation
 * @param improvementBaseline the validation accuracy the next epoch must improve on (early stopping; it moves only by
 *     improvements of at least the tolerance, so it may trail the best)
 * @param epochsWithoutImprovement how many epochs in a row brought no validation improvement (early stopping)
 */
public record CheckpointState(
        Map<String, String> network,
        int nextEpoch,
        long updateCount,
        long dataSeed,
        Double bestValidationAccuracy,
        double improvementBaseline,
        int epochsWithoutImprovement) {

    /** {@link #bestValidationAccuracy} as an optional. */
    public OptionalDouble best() {
        return bestValidationAccuracy == null ? OptionalDouble.empty() : OptionalDouble.of(bestValidationAccuracy);
    }

    /**
     * Why this state cannot continue a job of {@code epochs} epochs with {@code signature}, or empty when it can: a
     * state written for another network, or values no run could have written (an epoch beyond the job's, a negative
     * count, an accuracy outside [0, 1]), which a resume must not trust.
     */
    public Optional<String> problemFor(NetworkSignature signature, int epochs) {
        String mismatch = signature.mismatch(network);
        if (mismatch != null) {
            return Optional.of(mismatch);
        }
        if (nextEpoch < 1 || nextEpoch > epochs) {
            return Optional.of("state.json says the next epoch is " + nextEpoch + ", but this job has " + epochs
                    + " epochs (a checkpoint's next epoch is 1 to " + epochs + ")");
        }
        if (updateCount < 0) {
            return Optional.of("state.json says " + updateCount + " updates were made; it must be at least 0");
        }
        if (bestValidationAccuracy != null && !isAccuracy(bestValidationAccuracy)) {
            return Optional.of("state.json says the best validation accuracy is " + bestValidationAccuracy
                    + "; an accuracy is between 0 and 1");
        }
        if (!isAccuracy(improvementBaseline)) {
            return Optional.of("state.json says the early-stopping baseline is " + improvementBaseline
                    + "; an accuracy is between 0 and 1");
        }
        if (epochsWithoutImprovement < 0 || epochsWithoutImprovement > nextEpoch) {
            return Optional.of("state.json says " + epochsWithoutImprovement + " epochs brought no improvement, of "
                    + nextEpoch + " epochs done");
        }
        return Optional.empty();
    }

    private static boolean isAccuracy(double value) {
        return value >= 0 && value <= 1;
    }
}
