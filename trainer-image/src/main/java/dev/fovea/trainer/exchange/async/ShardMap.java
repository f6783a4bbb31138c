package dev.fovea.trainer.exchange.async;

import dev.fovea.trainer.exchange.params.ParameterLayout;
import java.util.Comparator;
import java.util.List;

/**
 * Which host serves which trainable parameter in dist_async: largest parameters first, each to the host with the
 * fewest values so far (ties to the lower rank). Every host computes the same map from the same layout, and each
 * serves about |W|/N values, so no host carries most of the traffic.
 */
final class ShardMap {

    private int[] owners = new int[0];
    private long[] load = new long[0];

    /** Computes the map; every host calls this with the same layout and host count. */
    void assign(ParameterLayout layout, int hosts) {
        List<ParameterLayout.Slot> trainable = layout.trainableSlots();
        owners = new int[layout.slots().size()];
        load = new long[hosts];
        java.util.Arrays.fill(owners, -1);
        trainable.stream()
                .sorted(Comparator.comparingInt(ParameterLayout.Slot::size)
                        .reversed()
                        .thenComparingInt(ParameterLayout.Slot::index))
                .forEach(slot -> {
                    int host = 0;
                    for (int candidate = 1; candidate < hosts; candidate++) {
                        if (load[candidate] < load[host]) {
                            host = candidate;
                        }
                    }
                    owners[slot.index()] = host;
                    load[host] += slot.size();
                });
    }

    /** The rank serving the parameter at {@code slotIndex}. */
    int owner(int slotIndex) {
        int owner = slotIndex < owners.length ? owners[slotIndex] : -1;
        if (owner < 0) {
            throw new IllegalArgumentException("parameter #" + slotIndex + " is not trainable and has no shard owner");
        }
        return owner;
    }

    /** How many parameter values {@code rank} serves. */
    long load(int rank) {
        return load[rank];
    }
}
