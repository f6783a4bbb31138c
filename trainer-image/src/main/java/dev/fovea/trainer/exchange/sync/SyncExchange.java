package dev.fovea.trainer.exchange.sync;

import ai.djl.training.Trainer;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.params.ParameterLayout;
import dev.fovea.trainer.exchange.params.SyncValues;
import dev.fovea.trainer.exchange.params.WeightBroadcast;
import dev.fovea.trainer.exchange.transport.DistributedExchange;
import dev.fovea.trainer.exchange.transport.Gang;

/**
 * dist_sync: after every batch the hosts sum their gradients with a ring all-reduce and divide by the number of
 * hosts. Each host's loss is a mean over its own batch, so the result is the mean over the global batch (MXNet's
 * {@code rescale_grad}): N hosts at batch B train exactly like one host at N·B. Every host then runs the same
 * optimizer step on the same gradient, so the weights stay identical without ever being sent. Non-trainable
 * parameters (BatchNorm's running statistics) ride in the same vector and are averaged too.
 */
public final class SyncExchange extends DistributedExchange {

    private final boolean debugChecksums;
    private final WeightBroadcast broadcast;
    private ParameterLayout layout;
    private SyncValues values;
    private RingAllReduce ring;
    private long step;

    public SyncExchange(Gang gang, ExchangeStats stats, WeightBroadcast broadcast) {
        super(gang, stats);
        this.broadcast = broadcast;
        this.debugChecksums = gang.settings().debugChecksums();
    }

    @Override
    protected void startWithPeers(Trainer trainer) {
        layout = ParameterLayout.of(trainer);
        broadcast.run(gang, layout);
        values = new SyncValues(layout);
        ring = RingAllReduce.connect(gang, gang.settings().bucketFloats());
    }

    @Override
    public void step(Trainer trainer) {
        timedStep(() -> {
            try (SyncValues.Step averaged = values.open()) {
                ring.mean(averaged.vector(), step);
            }
        });
        step++;
        trainer.step();
    }

    @Override
    public void endEpoch(Trainer trainer, int epoch) {
        if (debugChecksums) {
            guarded(() -> {
                gang.agree("weights after epoch " + epoch, layout.checksum());
                return null;
            });
        }
    }

    @Override
    public void synchronizeForCheckpoint(Trainer trainer) {
        guarded(() -> {
            gang.agree("weights at the checkpoint after step " + step, layout.checksum());
            return null;
        });
    }

    @Override
    public void close() {
        if (ring != null) {
            ring.close();
        }
        super.close();
    }
}
