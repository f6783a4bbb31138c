package dev.fovea.trainer.exchange.async;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fovea.trainer.exchange.params.DirectMemory;
import dev.fovea.trainer.exchange.params.NoGrad;
import dev.fovea.trainer.exchange.params.ParameterLayout;
import dev.fovea.trainer.exchange.transport.Envelope;
import dev.fovea.trainer.exchange.transport.Gang;
import dev.fovea.trainer.optimizer.FoveaOptimizer;
import dev.fovea.trainer.optimizer.OptimizerState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * This host's shard of the dist_async parameter server: the master copy of the parameters it owns and an optimizer
 * of its own (built from the job's hyperparameters), which applies each host's gradient the moment it arrives and
 * answers with the updated weight. Other hosts' pushes and pulls arrive on their shard streams, one
 * {@link ShardStreamServer} each; this host's own go straight to {@link #apply}. Optimizer state (momentum, Adam's
 * moments, update counts) lives here, beside the weight it updates, and goes into checkpoints through
 * {@link #state}. Pushes to one parameter are applied one at a time; different parameters update in parallel.
 */
final class ShardServer implements AutoCloseable {

    private final ShardMap shards;
    private final int rank;
    private final Supplier<FoveaOptimizer> optimizers;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Map<Integer, NDArray> masters = new ConcurrentHashMap<>();
    private final List<ShardStreamServer> streamServers = new ArrayList<>();
    private ParameterLayout layout;
    private NDManager manager;
    private FoveaOptimizer optimizer;
    private byte[] restoredState;

    ShardServer(ShardMap shards, int rank, Supplier<FoveaOptimizer> optimizers) {
        this.shards = shards;
        this.rank = rank;
        this.optimizers = optimizers;
    }

    /** The gRPC handler for checkpoint state requests; requests that arrive before {@link #start} wait for it. */
    List<Gang.Registration> registrations() {
        return List.of(
                new Gang.Registration(Envelope.Kind.STATE, request -> ready.thenApply(v -> state(request.bucket()))));
    }

    /** Continues, once started, from a checkpoint's {@link OptimizerState#encode encoded} state of all servers. */
    void restore(byte[] encodedState) {
        restoredState = encodedState.clone();
    }

    /**
     * Copies this host's (already broadcast) values of the parameters it owns into the master copies, restores their
     * optimizer state if {@link #restore} was given one, and starts answering every peer's shard stream.
     */
    void start(ParameterLayout parameters, Gang gang) {
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
        long largest = masters.values().stream().mapToLong(NDArray::size).max().orElse(0);
        for (int peer = 0; peer < gang.group().size(); peer++) {
            if (peer != rank) {
                streamServers.add(ShardStreamServer.start(gang, peer, this, largest * Float.BYTES));
            }
        }
    }

    /** Whether this host serves the parameter at {@code slotIndex}. */
    boolean serves(int slotIndex) {
        return masters.containsKey(slotIndex);
    }

    /** The number of values of the parameter at {@code slotIndex}. */
    int size(int slotIndex) {
        return layout.slot(slotIndex).size();
    }

    /**
     * Applies one host's gradient to the parameter at {@code slotIndex} (none for a pull), then hands the parameter's
     * current weight, as float32, to {@code weight}: the master copy's own memory where it is a float32 CPU tensor,
     * so that no push changes it before {@code weight} returns.
     *
     * @param gradient a direct, native-order buffer of the parameter's size in float32, or null
     * @param weight takes the weight's bytes (read them, do not keep them), e.g. to write them to a stream
     */
    void apply(int slotIndex, ByteBuffer gradient, Consumer<ByteBuffer> weight) {
        NDArray master = master(slotIndex);
        synchronized (master) {
            if (gradient != null) {
                NoGrad.run(() -> {
                    try (NDManager scratch = manager.newSubManager(master.getDevice())) {
                        ByteBuffer values = gradient.duplicate().rewind().order(ByteOrder.nativeOrder());
                        NDArray received = scratch.create(values, master.getShape(), DataType.FLOAT32)
                                .toType(master.getDataType(), false);
                        optimizer.update(layout.slot(slotIndex).name(), master, received);
                    }
                });
            }
            if (master.getDevice().equals(Device.cpu()) && master.getDataType() == DataType.FLOAT32) {
                weight.accept(DirectMemory.view(master));
            } else {
                ByteBuffer copy =
                        ByteBuffer.allocateDirect(size(slotIndex) * Float.BYTES).order(ByteOrder.nativeOrder());
                DirectMemory.copyFloat32(master, copy);
                weight.accept(copy);
            }
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

    private NDArray master(int slotIndex) {
        NDArray master = masters.get(slotIndex);
        if (master == null) {
            throw new IllegalArgumentException("host rank " + rank + " does not serve parameter #" + slotIndex);
        }
        return master;
    }

    @Override
    public void close() {
        streamServers.forEach(ShardStreamServer::close);
        if (optimizer != null) {
            optimizer.close();
        }
        if (manager != null) {
            manager.close();
        }
    }
}
