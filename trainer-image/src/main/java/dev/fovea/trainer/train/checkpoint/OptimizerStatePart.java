package dev.fovea.trainer.train.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.fovea.trainer.optimizer.FoveaOptimizer;
import dev.fovea.trainer.optimizer.OptimizerState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The optimizer's state as a checkpoint part: momentum or moment slots and per-parameter update counts, which carry
 * the learning-rate schedule's position across a restart. The optimizer keys its state by DJL parameter id, a UUID
 * that a restarted process draws afresh, so the file keys it by parameter name and maps back to ids on load.
 */
public final class OptimizerStatePart implements CheckpointPart {

    private final FoveaOptimizer optimizer;
    private final Block block;
    private final NDManager manager;

    public OptimizerStatePart(FoveaOptimizer optimizer, Block block, NDManager manager) {
        this.optimizer = optimizer;
        this.block = block;
        this.manager = manager;
    }

    @Override
    public String fileName() {
        return "optimizer.state";
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        OptimizerState state = optimizer.state();
        try {
            byte[] encoded = rekey(state, idsToNames()).encode(manager);
            out.writeInt(encoded.length);
            out.write(encoded);
        } finally {
            state.slots().values().forEach(NDArray::close);
        }
    }

    @Override
    public void load(DataInputStream in) throws IOException {
        byte[] encoded = new byte[in.readInt()];
        in.readFully(encoded);
        try (NDManager scratch = manager.newSubManager()) {
            optimizer.restore(rekey(OptimizerState.decode(scratch, encoded), namesToIds()));
        }
    }

    private Map<String, String> idsToNames() {
        Map<String, String> names = new HashMap<>();
        block.getParameters().forEach(pair -> names.put(pair.getValue().getId(), pair.getKey()));
        return names;
    }

    private Map<String, String> namesToIds() {
        Map<String, String> ids = new HashMap<>();
        block.getParameters()
                .forEach(pair -> ids.put(pair.getKey(), pair.getValue().getId()));
        return ids;
    }

    /** The same state with every parameter key translated; slot keys are {@code <slot>/<parameter>}. */
    private static OptimizerState rekey(OptimizerState state, Map<String, String> translation) {
        UnaryOperator<String> parameter = key -> {
            String translated = translation.get(key);
            if (translated == null) {
                throw new IllegalStateException(
                        "optimizer state names parameter '" + key + "', which this network does not have");
            }
            return translated;
        };
        Map<String, NDArray> slots = new HashMap<>();
        state.slots()
                .forEach((key, array) -> slots.put(
                        OptimizerState.slotKey(
                                OptimizerState.slotNameOf(key), parameter.apply(OptimizerState.parameterOf(key))),
                        array));
        Map<String, Integer> counts = new HashMap<>();
        state.updateCounts().forEach((key, count) -> counts.put(parameter.apply(key), count));
        return new OptimizerState(slots, counts);
    }
}
