package dev.fovea.trainer.exchange.async;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.fovea.trainer.exchange.params.DirectMemory;
import dev.fovea.trainer.exchange.params.Mirrors;
import dev.fovea.trainer.exchange.params.ParameterLayout;
import dev.fovea.trainer.exchange.transport.Gang;
import dev.fovea.trainer.exchange.transport.Pump;
import dev.fovea.trainer.exchange.transport.StreamConnection;
import dev.fovea.trainer.exchange.transport.StreamPurpose;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This host's side of dist_async: pushes every trainable gradient to the host that serves its parameter and takes
 * the updated weight back, or pulls the weights alone. All of a step's requests to all servers are in flight
 * together, on one shard stream per server; gradients go out from the tensors' memory and weights come back into it
 * (for parameters with a single float32 CPU copy; others go through a float32 copy). Parameters this host serves
 * itself go straight to its own {@link ShardServer}.
 */
final class ShardClient implements AutoCloseable {

    private final Gang gang;
    private final ShardMap shards;
    private final ShardServer server;
    private final ParameterLayout layout;
    private final Pump pump = new Pump();
    private final Map<Integer, Pump.Lane> lanes = new HashMap<>();
    private final List<StreamConnection> connections = new ArrayList<>();
    private final boolean[] directWeights;
    private boolean[] directGradients;

    private ShardClient(Gang gang, ShardMap shards, ShardServer server, ParameterLayout layout) {
        this.gang = gang;
        this.shards = shards;
        this.server = server;
        this.layout = layout;
        this.directWeights = new boolean[layout.slots().size()];
        for (ParameterLayout.Slot slot : layout.trainableSlots()) {
            directWeights[slot.index()] = isDirect(slot, false);
        }
    }

    /** Opens a shard stream to every peer (each serves part of the model and answers every host). */
    static ShardClient connect(Gang gang, ShardMap shards, ShardServer server, ParameterLayout layout) {
        ShardClient client = new ShardClient(gang, shards, server, layout);
        for (int peer = 0; peer < gang.group().size(); peer++) {
            if (peer != gang.group().rank()) {
                StreamConnection connection = gang.streams()
                        .connect(peer, StreamPurpose.SHARD, gang.settings().startupTimeout());
                client.connections.add(connection);
                client.lanes.put(peer, client.pump.lane(connection));
            }
        }
        return client;
    }

    /** Sends this step's gradients to their servers, leaves the new weights in the parameters, zeroes gradients. */
    void push(long step) {
        if (directGradients == null) {
            directGradients = new boolean[layout.slots().size()];
            for (ParameterLayout.Slot slot : layout.trainableSlots()) {
                directGradients[slot.index()] = isDirect(slot, true);
            }
        }
        exchange(ShardMessage.Kind.PUSH, step);
        layout.trainableSlots().forEach(slot -> slot.mirrors().zeroGradients());
    }

    /** Leaves every trainable parameter's current weight, from its server, in the parameters. */
    void pull() {
        exchange(ShardMessage.Kind.PULL, -1);
    }

    private void exchange(ShardMessage.Kind kind, long step) {
        List<Runnable> writeBacks = new ArrayList<>();
        try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
            for (ParameterLayout.Slot slot : layout.trainableSlots()) {
                ByteBuffer gradient = kind == ShardMessage.Kind.PUSH ? gradient(slot, scratch) : null;
                ByteBuffer weight = weightTarget(slot, writeBacks);
                int owner = shards.owner(slot.index());
                if (owner == gang.group().rank()) {
                    // this host's own shard, updated while the pushes to the others are on their way
                    pump.meanwhile(() -> server.apply(slot.index(), gradient, weight::put));
                } else {
                    request(
                            lanes.get(owner),
                            new ShardMessage(kind, slot.index(), step, bytes(gradient)),
                            gradient,
                            weight);
                }
            }
            pump.run(
                    gang.settings().peerTimeout(),
                    gang.mailbox()::abortReason,
                    peer -> gang.stalled(peer, "updated weights for step " + step));
            writeBacks.forEach(Runnable::run);
        }
    }

    private void request(Pump.Lane lane, ShardMessage request, ByteBuffer gradient, ByteBuffer weight) {
        lane.send(() ->
                gradient == null ? new ByteBuffer[] {request.encode()} : new ByteBuffer[] {request.encode(), gradient});
        ByteBuffer header = ShardMessage.buffer();
        lane.receive(new Pump.Receive() {
            @Override
            public ByteBuffer[] buffers() {
                return new ByteBuffer[] {header};
            }

            @Override
            public void received() {
                check(lane.peer(), request, ShardMessage.decode(header), weight.remaining());
            }
        });
        lane.receive(() -> new ByteBuffer[] {weight});
    }

    private void check(int peer, ShardMessage request, ShardMessage answer, int expectedBytes) {
        String server = "exchange peer " + gang.group().describe(peer);
        if (answer.kind() == ShardMessage.Kind.REFUSED) {
            throw new IllegalStateException(server + " refused our " + request.kind() + " of parameter #"
                    + request.slot() + ": " + answer.reason());
        }
        if (answer.kind() != request.kind()
                || answer.slot() != request.slot()
                || answer.payloadBytes() != expectedBytes) {
            throw new IllegalStateException(server + " answered " + answer + " to " + request + ": the hosts run "
                    + "different versions or models");
        }
    }

    /** The slot's gradient summed over this host's devices, from the tensor's memory or a float32 copy. */
    private ByteBuffer gradient(ParameterLayout.Slot slot, NDManager scratch) {
        return directGradients[slot.index()]
                ? new DirectMemory.Source(slot.array(), true).view()
                : DirectMemory.view(slot.mirrors().gradientSum(scratch));
    }

    /** Where the slot's new weight goes: the parameter's own memory, or a buffer written into every copy later. */
    private ByteBuffer weightTarget(ParameterLayout.Slot slot, List<Runnable> writeBacks) {
        if (directWeights[slot.index()]) {
            return new DirectMemory.Source(slot.array(), false).view();
        }
        ByteBuffer staged = ByteBuffer.allocateDirect(slot.size() * Float.BYTES).order(ByteOrder.nativeOrder());
        Mirrors mirrors = slot.mirrors();
        writeBacks.add(() -> mirrors.overwrite(staged.asFloatBuffer()));
        return staged.duplicate();
    }

    private boolean isDirect(ParameterLayout.Slot slot, boolean gradient) {
        return slot.mirrors().copies().size() == 1
                && DirectMemory.isOwnMemory(new DirectMemory.Source(slot.array(), gradient));
    }

    private static long bytes(ByteBuffer buffer) {
        return buffer == null ? 0 : buffer.remaining();
    }

    @Override
    public void close() {
        pump.close();
        connections.forEach(StreamConnection::close);
    }
}
