package dev.fovea.trainer.exchange.transport;

import ai.djl.training.Trainer;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.GradientExchange;
import dev.fovea.trainer.exchange.PeerLostException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What dist_sync and dist_async share: the gang, the stats, and the rule that a lost peer is reported to every other
 * host before this one gives up, so the whole gang exits promptly with the retryable code.
 */
public abstract class DistributedExchange implements GradientExchange {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedExchange.class);

    protected final Gang gang;
    protected final ExchangeStats stats;
    private boolean failed;

    protected DistributedExchange(Gang gang, ExchangeStats stats) {
        this.gang = gang;
        this.stats = stats;
    }

    /** Runs one step's exchange, timing it and counting its bytes. */
    protected final void timedStep(Runnable exchange) {
        stats.stepStarted();
        long begin = System.nanoTime();
        guarded(() -> {
            exchange.run();
            return null;
        });
        stats.stepFinished(System.nanoTime() - begin);
    }

    /** Runs {@code work}; if a peer is lost, tells the others before rethrowing. */
    protected final <T> T guarded(Supplier<T> work) {
        try {
            return work.get();
        } catch (PeerLostException e) {
            failed = true;
            throw gang.abort(e);
        } catch (RuntimeException e) {
            failed = true;
            gang.abort(new PeerLostException(gang.group().currentHost() + " failed: " + e.getMessage(), e));
            throw e;
        }
    }

    @Override
    public void start(Trainer trainer) {
        guarded(() -> {
            gang.awaitPeers();
            startWithPeers(trainer);
            return null;
        });
    }

    /** Runs once every peer has answered. */
    protected abstract void startWithPeers(Trainer trainer);

    @Override
    public ExchangeStats stats() {
        return stats;
    }

    /** Waits for every host to finish training, lets the mode gather the final model, then waits again. */
    @Override
    public void finish() {
        guarded(() -> {
            gang.barrier(0);
            afterEveryoneFinished();
            gang.barrier(1);
            return null;
        });
    }

    /** Runs once every host has made its last step, while every host's server still answers. */
    protected void afterEveryoneFinished() {}

    @Override
    public void close() {
        if (failed) {
            LOG.info("Closing the gradient exchange after a failure");
        }
        gang.close();
    }
}
