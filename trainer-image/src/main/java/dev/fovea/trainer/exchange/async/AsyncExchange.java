package dev.fovea.trainer.exchange.async;

import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.params.ParameterLayout;
import dev.fovea.trainer.exchange.params.WeightBroadcast;
import dev.fovea.trainer.exchange.transport.DistributedExchange;
import dev.fovea.trainer.exchange.transport.Envelope;
import dev.fovea.trainer.exchange.transport.Gang;
import dev.fovea.trainer.exchange.transport.PeerClients;
import dev.fovea.trainer.optimizer.OptimizerState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * dist_async: every trainable parameter is served by one host ({@link ShardMap}); after each batch this host pushes
 * each gradient to its parameter's server, which applies it at once with its own optimizer and answers with the
 * fresh weight. No host waits for another host's batch: a slow host's gradients just arrive later (they are
 * "stale", as in MXNet's dist_async). BatchNorm's running statistics stay per host. All pushes of a step are in
 * flight together on the shard streams ({@link ShardClient}), and each host sends about |G|·(N−1)/N values and
 * receives as many weights back.
 */
public final class AsyncExchange extends DistributedExchange {

    private final WeightBroadcast broadcast;
    private final ShardServer server;
    private final ShardMap shards;
    private ParameterLayout layout;
    private ShardClient client;
    private long step;

    AsyncExchange(Gang gang, ExchangeStats stats, WeightBroadcast broadcast, ShardMap shards, ShardServer server) {
        super(gang, stats);
        this.broadcast = broadcast;
        this.shards = shards;
        this.server = server;
    }

    @Override
    protected void startWithPeers(Trainer trainer) {
        layout = ParameterLayout.of(trainer);
        broadcast.run(gang, layout);
        shards.assign(layout, gang.group().size());
        server.start(layout, gang);
        client = ShardClient.connect(gang, shards, server, layout);
    }

    @Override
    public void step(Trainer trainer) {
        timedStep(() -> client.push(step));
        step++;
    }

    @Override
    public void endEpoch(Trainer trainer, int epoch) {
        // in dist_async the hosts' copies differ by design (each holds the weights it last pulled)
    }

    /** Pulls the newest value of every trainable parameter from its server, so rank 0 checkpoints the real model. */
    @Override
    public void synchronizeForCheckpoint(Trainer trainer) {
        guarded(() -> {
            client.pull();
            return null;
        });
    }

    /**
     * Gathers every parameter's optimizer state from the host that serves it, as one encoded {@link OptimizerState}:
     * the momentum and update counts a restarted gang needs to continue the same schedule.
     */
    @Override
    public Optional<byte[]> checkpointState() {
        return Optional.of(guarded(() -> {
            List<CompletableFuture<Envelope>> answers = new ArrayList<>();
            for (ParameterLayout.Slot slot : layout.trainableSlots()) {
                answers.add(stateOf(slot));
            }
            try (NDManager scratch = NDManager.newBaseManager()) {
                List<OptimizerState> parts = new ArrayList<>();
                for (CompletableFuture<Envelope> answer : answers) {
                    ByteBuffer payload = PeerClients.await(answer).payload().duplicate();
                    byte[] bytes = new byte[payload.remaining()];
                    payload.get(bytes);
                    parts.add(OptimizerState.decode(scratch, bytes));
                }
                return OptimizerState.merge(parts).encode(scratch);
            }
        }));
    }

    @Override
    public void restoreCheckpointState(byte[] state) {
        server.restore(state);
    }

    /** Every host's last push has been applied: pull the final weights, so every host ends with the final model. */
    @Override
    protected void afterEveryoneFinished() {
        client.pull();
    }

    /** One parameter's optimizer state, from the host that serves it (over gRPC: checkpoints are rare). */
    private CompletableFuture<Envelope> stateOf(ParameterLayout.Slot slot) {
        int owner = shards.owner(slot.index());
        if (owner == gang.group().rank()) {
            Envelope answer = Envelope.of(Envelope.Kind.STATE, owner, step, slot.index(), 0)
                    .withPayload(server.state(slot.index()));
            return CompletableFuture.completedFuture(answer);
        }
        Envelope request = Envelope.of(Envelope.Kind.STATE, gang.group().rank(), step, slot.index(), 0);
        return gang.clients().call(owner, request, gang.settings().peerTimeout());
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        super.close();
        server.close();
    }
}
