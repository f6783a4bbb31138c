package dev.fovea.trainer.exchange.async;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.fovea.trainer.exchange.params.NoGrad;
import dev.fovea.trainer.exchange.params.ParameterLayout;
import dev.fovea.trainer.exchange.transport.Envelope;
import dev.fovea.trainer.exchange.transport.Gang;
import dev.fovea.trainer.optimizer.FoveaOptimizer;
import dev.fovea.trainer.optimizer.OptimizerState;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * This host's shard of the dist_async parameter server: the master copy of the parameters it owns and an optimizer
 * of its own (built from the job's hyperparameters), which applies each host's gradient the moment it arrives and
 * answers with the updated weight. Optimizer state (momentum, Adam's moments, update counts) lives here, beside the
 * weight it updates, and goes into checkpoints through {@link #state}. Pushes to one parameter are applied one at a
 * time; different parameters update in parallel.
 */
final class ShardServer implements AutoCloseable {

    private final ShardMap shards;
    private final int rank;
    private final Supplier<FoveaOptimizer> optimizers;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Map<Integer, NDArray> masters = new ConcurrentHashMap<>();
    private ParameterLayout layout;
    private NDManager manager;
    private FoveaOptimizer optimizer;
    private byte[] restoredState;

    ShardServer(ShardMap shards, int rank, Supplier<FoveaOptimizer> optimizers) {
        this.shards = shards;
        this.rank = rank;
        this.optimizers = optimizers;
    }

    /** Handlers for pushes and pulls; requests that arrive before {@link #start} wait for it. */
    List<Gang.Registration> registrations() {
        return List.of(
                new Gang.Registration(
                        Envelope.Kind.PUSH,
                        request -> ready.thenApply(v -> push(request.bucket(), request.floatPayload()))),
                new Gang.Registration(Envelope.Kind.PULL, request -> ready.thenApply(v -> pull(request.bucket()))),
                new Gang.Registration(Envelope.Kind.STATE, request -> ready.thenApply(v -> state(request.bucket()))));
    }

    /** Continues, once started, from a checkpoint's {@link OptimizerState#encode encoded} state of all servers. */
    void restore(byte[] encodedState) {
        restoredState = encodedState.clone();
    }

    /**
     * Copies this host's (already broadcast) values of the parameters it owns into the master copies, and restores
     * their optimizer state if {@link #restore} was given one.
     */
    void start(ParameterLayout parameters) {
        layout = parameters;
        manager = NDManager.newBaseManager();
        optimizer = optimizers.get();
        if (restoredState != null) {
            try (NDManager scratch = manager.newSubManager()) {
                Set<String> owned = new HashSet<>();
                parameters.trainableSlots().stream()
                        .filter(slot -> shards.owner(slot.index()) == rank)
                        .forEach(slot -> owned.add(slot.name()));
                optimizer.restore(OptimizerState.decode(scratch, restoredState).only(owned::contains));
            }
            restoredState = null;
        }
        for (ParameterLayout.Slot slot : parameters.trainableSlots()) {
            if (shards.owner(slot.index()) == rank) {
                NDArray master = NoGrad.call(slot.array()::duplicate);
                master.attach(manager);
                masters.put(slot.index(), master);
            }
        }
        ready.complete(null);
    }

    /** Applies one host's gradient to the parameter at {@code slotIndex}; returns the updated weight. */
    ByteBuffer push(int slotIndex, FloatBuffer gradient) {
        NDArray master = master(slotIndex);
        synchronized (master) {
            NoGrad.run(() -> {
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray received =
                            scratch.create(gradient, master.getShape()).toType(master.getDataType(), false);
                    optimizer.update(layout.slot(slotIndex).name(), master, received);
                }
            });
            return ParameterLayout.valueBytes(master);
        }
    }

    /** The optimizer state of the parameter at {@code slotIndex}, {@link OptimizerState#encode encoded}. */
    ByteBuffer state(int slotIndex) {
        NDArray master = master(slotIndex);
        synchronized (master) {
            OptimizerState state = optimizer.state(layout.slot(slotIndex).name());
            try {
                return ByteBuffer.wrap(state.encode(manager));
            } finally {
                state.slots().values().forEach(NDArray::close);
            }
        }
    }

    /** The current weight of the parameter at {@code slotIndex}. */
    ByteBuffer pull(int slotIndex) {
        NDArray master = master(slotIndex);
        synchronized (master) {
            return ParameterLayout.valueBytes(master);
        }
    }

    private NDArray master(int slotIndex) {
        NDArray master = masters.get(slotIndex);
        if (master == null) {
            throw new IllegalArgumentException("host rank " + rank + " does not serve parameter #" + slotIndex);
        }
        return master;
    }

    @Override
    public void close() {
        if (optimizer != null) {
            optimizer.close();
        }
        if (manager != null) {
            manager.close();
        }
    }
}
