package dev.fovea.trainer.exchange.sync;

import ai.djl.training.Trainer;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.params.ParameterLayout;
import dev.fovea.trainer.exchange.params.WeightBroadcast;
import dev.fovea.trainer.exchange.transport.DistributedExchange;
import dev.fovea.trainer.exchange.transport.Gang;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
    private final ExecutorService pool;
    private final RingAllReduce ring;
    private ParameterLayout layout;
    private float[] flat;
    private long step;

    public SyncExchange(Gang gang, ExchangeStats stats, WeightBroadcast broadcast) {
        super(gang, stats);
        this.broadcast = broadcast;
        this.debugChecksums = gang.settings().debugChecksums();
        this.pool = Executors.newFixedThreadPool(
                4, Thread.ofPlatform().daemon().name("fovea-ring-", 0).factory());
        this.ring = new RingAllReduce(gang, gang.settings().bucketFloats(), pool);
    }

    @Override
    protected void startWithPeers(Trainer trainer) {
        layout = ParameterLayout.of(trainer);
        broadcast.run(gang, layout);
        flat = new float[layout.totalFloats()];
    }

    @Override
    public void step(Trainer trainer) {
        timedStep(() -> {
            layout.readGradientsAndStatistics(flat);
            ring.sum(flat, flat.length, step);
            float mean = 1f / gang.group().size();
            for (int i = 0; i < flat.length; i++) {
                flat[i] *= mean;
            }
            layout.writeGradientsAndStatistics(flat);
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
        pool.shutdownNow();
        super.close();
    }
}
