package dev.fovea.trainer.train.precision;

import ai.djl.training.Trainer;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.GradientExchange;
import java.util.Optional;

/**
 * A gradient exchange that first takes the {@link LossScale} out of this host's gradients; a step whose gradients
 * overflowed is an {@link GradientExchange#overflowedStep} (skipped when the host trains alone).
 */
public final class LossScaledExchange implements GradientExchange {

    private final GradientExchange exchange;
    private final LossScale lossScale;

    public LossScaledExchange(GradientExchange exchange, LossScale lossScale) {
        this.exchange = exchange;
        this.lossScale = lossScale;
    }

    @Override
    public void start(Trainer trainer) {
        exchange.start(trainer);
    }

    @Override
    public void step(Trainer trainer) {
        if (lossScale.unscale(trainer)) {
            exchange.step(trainer);
        } else {
            exchange.overflowedStep(trainer);
        }
    }

    @Override
    public void overflowedStep(Trainer trainer) {
        exchange.overflowedStep(trainer);
    }

    @Override
    public void endEpoch(Trainer trainer, int epoch) {
        exchange.endEpoch(trainer, epoch);
    }

    @Override
    public void synchronizeForCheckpoint(Trainer trainer) {
        exchange.synchronizeForCheckpoint(trainer);
    }

    @Override
    public Optional<byte[]> checkpointState() {
        return exchange.checkpointState();
    }

    @Override
    public void restoreCheckpointState(byte[] state) {
        exchange.restoreCheckpointState(state);
    }

    @Override
    public ExchangeStats stats() {
        return exchange.stats();
    }

    @Override
    public void finish() {
        exchange.finish();
    }

    @Override
    public void close() {
        exchange.close();
    }
}
