package dev.fovea.trainer.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A snapshot of an optimizer's state for a checkpoint: its per-parameter slots (momentum, Adam's
 * moments, RMSProp's mean square) and how many updates each parameter has had (the learning-rate
 * schedule position and Adam's bias correction depend on it).
 *
 * @param slots the state arrays, keyed {@code <slot>/<parameterId>}
 * @param updateCounts the number of updates applied to each parameter
 */
public record OptimizerState(Map<String, NDArray> slots, Map<String, Integer> updateCounts) {

    private static final String SLOT_PREFIX = "slot:";
    private static final String COUNT_PREFIX = "count:";

    public OptimizerState {
        slots = Map.copyOf(slots);
        updateCounts = Map.copyOf(updateCounts);
    }

    /** The key of one parameter's slot: {@code <slot>/<parameterId>}. */
    public static String slotKey(String slot, String parameterId) {
        return slot + "/" + parameterId;
    }

    /** The slot name part of a {@link #slotKey}. */
    public static String slotNameOf(String slotKey) {
        return slotKey.substring(0, slotKey.indexOf('/'));
    }

    /** The parameter part of a {@link #slotKey}. */
    public static String parameterOf(String slotKey) {
        return slotKey.substring(slotKey.indexOf('/') + 1);
    }

    /** The number of updates the furthest-advanced parameter has had: the global step. */
    public int numUpdate() {
        return updateCounts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /**
     * The part of this state that belongs to some parameters; its arrays are this state's, not copies.
     *
     * @param parameterIds which parameters to keep
     */
    public OptimizerState only(Predicate<String> parameterIds) {
        Map<String, NDArray> kept = new LinkedHashMap<>();
        slots.forEach((key, array) -> {
            if (parameterIds.test(parameterOf(key))) {
                kept.put(key, array);
            }
        });
        Map<String, Integer> counts = new LinkedHashMap<>();
        updateCounts.forEach((id, count) -> {
            if (parameterIds.test(id)) {
                counts.put(id, count);
            }
        });
        return new OptimizerState(kept, counts);
    }

    /**
     * The states of disjoint sets of parameters as one state (e.g. the shards of dist_async's parameter servers).
     *
     * @throws IllegalArgumentException if two of them hold the same parameter
     */
    public static OptimizerState merge(List<OptimizerState> parts) {
        Map<String, NDArray> slots = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (OptimizerState part : parts) {
            part.slots().forEach((key, array) -> {
                if (slots.putIfAbsent(key, array) != null) {
                    throw new IllegalArgumentException("optimizer slot " + key + " is in two of the merged states");
                }
            });
            part.updateCounts().forEach((id, count) -> {
                if (counts.putIfAbsent(id, count) != null) {
                    throw new IllegalArgumentException("parameter " + id + " is in two of the merged states");
                }
            });
        }
        return new OptimizerState(slots, counts);
    }

    /**
     * Encodes the state as one DJL {@link NDList} byte stream (arrays named by slot, counts as int
     * scalars), the format {@link #decode} reads.
     *
     * @param manager the manager that owns the temporary count arrays
     * @return the encoded bytes
     */
    public byte[] encode(NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            NDList list = new NDList();
            slots.forEach((key, array) -> {
                NDArray named = array.duplicate();
                named.attach(scratch);
                named.setName(SLOT_PREFIX + key);
                list.add(named);
            });
            updateCounts.forEach((parameterId, count) -> {
                NDArray named = scratch.create(count.intValue());
                named.setName(COUNT_PREFIX + parameterId);
                list.add(named);
            });
            return list.encode();
        }
    }

    /**
     * Decodes bytes written by {@link #encode}.
     *
     * @param manager the manager that owns the decoded slot arrays
     * @param bytes the encoded state
     * @return the state
     * @throws IllegalArgumentException if an array is neither a slot nor a count
     */
    public static OptimizerState decode(NDManager manager, byte[] bytes) {
        Map<String, NDArray> slots = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (NDArray array : NDList.decode(manager, bytes)) {
            String name = array.getName();
            if (name != null && name.startsWith(SLOT_PREFIX)) {
                slots.put(name.substring(SLOT_PREFIX.length()), array);
            } else if (name != null && name.startsWith(COUNT_PREFIX)) {
                counts.put(name.substring(COUNT_PREFIX.length()), array.getInt());
                array.close();
            } else {
                throw new IllegalArgumentException("optimizer state holds an array named '" + name + "'; expected '"
                        + SLOT_PREFIX + "...' or '" + COUNT_PREFIX + "...'");
            }
        }
        return new OptimizerState(slots, counts);
    }
}
