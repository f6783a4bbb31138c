package dev.fovea.trainer.schedule;

import dev.fovea.api.hyperparameters.ResolvedHyperParameters;

/**
 * How many steps SageMaker counts as an epoch: MXNet's image-classification {@code fit.py} takes
 * {@code ceil(floor(num_training_samples / hosts) / mini_batch_size)}, each host's share of the declared training set
 * in batches of {@code mini_batch_size}. The learning-rate schedule counts epochs in these steps, and a channel
 * sharded by key (where no host sees the others' images) trains this many steps per epoch on every host.
 */
public final class EpochSize {

    private EpochSize() {}

    /** SageMaker's steps per epoch for {@code hosts} hosts; at least 1. */
    public static int stepsPerEpoch(ResolvedHyperParameters hp, int hosts) {
        if (hosts < 1) {
            throw new IllegalArgumentException("hosts=" + hosts + " must be at least 1");
        }
        long perHost = hp.numTrainingSamples() / hosts;
        return (int) Math.max(1, (perHost + hp.miniBatchSize() - 1) / hp.miniBatchSize());
    }
}
