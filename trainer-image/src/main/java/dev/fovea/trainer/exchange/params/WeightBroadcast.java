package dev.fovea.trainer.exchange.params;

import dev.fovea.trainer.exchange.transport.Envelope;
import dev.fovea.trainer.exchange.transport.Gang;
import dev.fovea.trainer.exchange.transport.PeerClients;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes every host start from rank 0's weights: rank 0 publishes a snapshot of its parameters, the others fetch
 * them one parameter per request and overwrite their own. After a gang restart (new pod IPs, resumed or freshly
 * initialized weights) the hosts are identical again before the first step. Rank 0 drops the snapshot once every
 * peer has fetched every parameter.
 */
public final class WeightBroadcast {

    private final CompletableFuture<List<ByteBuffer>> snapshot = new CompletableFuture<>();
    private final AtomicInteger servesLeft = new AtomicInteger();

    /** The handler rank 0's server needs; install it on every host (only rank 0's is ever called). */
    public Gang.Registration registration() {
        return new Gang.Registration(
                Envelope.Kind.WEIGHTS,
                request -> snapshot.thenApply(values -> {
                    ByteBuffer value = values.get(request.bucket()).duplicate();
                    if (servesLeft.decrementAndGet() == 0) {
                        values.clear();
                    }
                    return value;
                }));
    }

    /** Rank 0: publishes its weights. Others: replaces their weights with rank 0's. */
    public void run(Gang gang, ParameterLayout layout) {
        int rank = gang.group().rank();
        if (rank == 0) {
            servesLeft.set((gang.group().size() - 1) * layout.slots().size());
            snapshot.complete(new java.util.ArrayList<>(layout.slots().stream()
                    .map(slot -> ParameterLayout.valueBytes(slot.array()))
                    .toList()));
            return;
        }
        List<CompletableFuture<Envelope>> answers = layout.slots().stream()
                .map(slot -> gang.clients()
                        .call(
                                0,
                                Envelope.of(Envelope.Kind.WEIGHTS, rank, 0, slot.index(), 0),
                                gang.settings().startupTimeout()))
                .toList();
        for (ParameterLayout.Slot slot : layout.slots()) {
            Envelope weights = PeerClients.await(answers.get(slot.index()));
            slot.mirrors().overwrite(weights.floatPayload());
        }
    }
}
