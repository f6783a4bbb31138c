package dev.fovea.trainer.train.checkpoint;

/**
 * The scalar part of a checkpoint, stored as {@code state.json} beside the parameters and the optimizer state.
 *
 * @param nextEpoch the epoch a resumed run starts with (the checkpoint was taken after epoch {@code nextEpoch - 1})
 * @param updateCount optimizer updates done so far: the learning-rate schedule's position
 * @param dataSeed the seed that orders the data; each epoch's order derives from it and the epoch number
 * @param bestValidationAccuracy the best validation accuracy so far (0 without a validation channel)
 * @param epochsWithoutImprovement how many epochs in a row brought no validation improvement (early stopping)
 */
public record CheckpointState(
        int nextEpoch, long updateCount, long dataSeed, double bestValidationAccuracy, int epochsWithoutImprovement) {}
