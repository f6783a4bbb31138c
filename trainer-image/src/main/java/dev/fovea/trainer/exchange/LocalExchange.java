package dev.fovea.trainer.exchange;

import ai.djl.training.Trainer;

/** One host, no peers: the step is the trainer's own optimizer step. */
final class LocalExchange implements GradientExchange {

    private final ExchangeStats stats = new ExchangeStats();

    @Override
    public void start(Trainer trainer) {
        // nobody to wait for and nobody to copy weights from
    }

    @Override
    public void step(Trainer trainer) {
        trainer.step();
    }

    @Override
    public void overflowedStep(Trainer trainer) {
        // nobody waits for this step: skip the update (the zeroed gradients start the next step clean)
    }

    @Override
    public void endEpoch(Trainer trainer, int epoch) {
        // one copy of the weights cannot disagree with itself
    }

    @Override
    public void synchronizeForCheckpoint(Trainer trainer) {
        // the trainer's parameters are the whole model already
    }

    @Override
    public ExchangeStats stats() {
        return stats;
    }

    @Override
    public void finish() {
        // no peers to wait for
    }

    @Override
    public void close() {
        // nothing was opened
    }
}
