package dev.fovea.trainer.exchange;

import ai.djl.training.Trainer;

/**
 * How one training step's gradients become the next weights, on one host or across many.
 *
 * <p>The training loop calls {@link #step(Trainer)} where a single-host loop would call {@code trainer.step()}:
 * between {@code EasyTrain.trainBatch} and the next batch. Implementations: a local one (just the optimizer step),
 * dist_sync (gradients averaged over the global batch, then the same update on every host) and dist_async
 * (gradients pushed to the hosts that own each parameter shard, fresh weights pulled back).
 */
public interface GradientExchange extends AutoCloseable {

    /** Waits (bounded) until every peer answers, then makes every host start from the same weights. */
    void start(Trainer trainer);

    /** Applies this step's update to the trainer's parameters, combining gradients across hosts as the mode says. */
    void step(Trainer trainer);

    @Override
    void close();
}
