package dev.fovea.trainer.exchange;

import ai.djl.training.Trainer;
import java.util.Optional;

/**
 * How one training step's gradients become the next weights, on one host or across many. Create one with
 * {@link GradientExchanges#create}; the training loop then uses it like this:
 *
 * <pre>{@code
 * try (GradientExchange exchange = GradientExchanges.create(kvStore, resources, settings, optimizerFactory)) {
 *     trainer.initialize(inputShape);             // or load a checkpoint's parameters
 *     exchange.start(trainer);                    // waits for the peers; all hosts now hold rank 0's weights
 *     for (epoch ...) {
 *         for (Batch batch : trainer.iterateDataset(shard)) {
 *             EasyTrain.trainBatch(trainer, batch);
 *             exchange.step(trainer);             // instead of trainer.step()
 *             batch.close();
 *         }
 *         exchange.endEpoch(trainer, epoch);
 *         if (checkpointDue) {
 *             exchange.synchronizeForCheckpoint(trainer);   // on EVERY host
 *             if (rank == 0) { ...save... }
 *         }
 *     }
 *     exchange.finish();                          // every host, after its last step
 * }
 * }</pre>
 *
 * Every method that talks to peers throws {@link PeerLostException} (exit code 3, retryable) when a peer dies,
 * hangs past the peer timeout, or never answers at startup. Every host must make the same sequence of calls.
 */
public interface GradientExchange extends AutoCloseable {

    /**
     * Waits (bounded) until every peer answers, then makes every host start from rank 0's weights. Call once, after
     * the parameters are initialized (or restored from a checkpoint) and before the first batch.
     */
    void start(Trainer trainer);

    /**
     * Applies this step's update to the trainer's parameters, combining the gradients {@code trainBatch} left in
     * them across hosts as the mode says. Call in place of {@code trainer.step()}.
     */
    void step(Trainer trainer);

    /**
     * Takes the place of {@link #step} for a step whose gradients overflowed in float16 and were zeroed. With peers,
     * it is exchanged as any other step (zero contribution), so that every host goes through the same sequence of
     * steps; a host alone skips the update.
     */
    default void overflowedStep(Trainer trainer) {
        step(trainer);
    }

    /**
     * Ends an epoch. With {@code FOVEA_EXCHANGE_DEBUG=1}, dist_sync compares a checksum of every host's weights and
     * throws {@link IllegalStateException} if they differ. Call on every host.
     */
    void endEpoch(Trainer trainer, int epoch);

    /**
     * Makes this host's parameters the complete, current model before rank 0 writes a checkpoint: dist_async pulls
     * the newest value of every parameter from the host that serves it; dist_sync checks that all hosts hold the
     * same weights; a single host has nothing to gather. Call on every host at the same point, then save on rank 0.
     */
    void synchronizeForCheckpoint(Trainer trainer);

    /**
     * What a restarted gang needs beyond the model and this host's optimizer: dist_async's shard servers' optimizer
     * state (every parameter's momentum or moments and update count, gathered from the hosts that serve them).
     * Empty in modes whose optimizer state is all on this host. Call on the host that writes the checkpoint, after
     * {@link #synchronizeForCheckpoint}, while the others still run.
     */
    default Optional<byte[]> checkpointState() {
        return Optional.empty();
    }

    /**
     * Continues from what {@link #checkpointState} returned; call on every host before {@link #start}. Modes that
     * keep no such state ignore it.
     */
    default void restoreCheckpointState(byte[] state) {}

    /** What this host has sent and received, per step and in total. */
    ExchangeStats stats();

    /**
     * Ends training normally: waits until every host has made its last step (as long as they keep answering; a
     * silent peer fails it after the peer timeout), so no host shuts down a server others still use. When it
     * returns, this host's parameters are the final model (dist_async pulls them from the shard servers), ready for
     * rank 0 to save. Call on every host after the last step; {@link #close()} alone (on failure) does not wait.
     */
    void finish();

    @Override
    void close();
}
