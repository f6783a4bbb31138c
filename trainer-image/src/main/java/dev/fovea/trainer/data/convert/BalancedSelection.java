package dev.fovea.trainer.data.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Picks a class-balanced subset: each class's indices are shuffled with the seed, then taken round-robin over the
 * classes. The first {@code n} of that order hold {@code n / classes} of each class (while classes last), and
 * consecutive ranges ({@code skip}, {@code count}) are disjoint, so one order serves validation and held-out sets.
 */
public final class BalancedSelection {

    private BalancedSelection() {}

    public static int[] select(int[] labels, long seed, int skip, int count) {
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], label -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        byClass.values().forEach(indices -> java.util.Collections.shuffle(indices, random));
        List<Integer> order = new ArrayList<>(labels.length);
        for (int round = 0; order.size() < labels.length; round++) {
            for (List<Integer> indices : byClass.values()) {
                if (round < indices.size()) {
                    order.add(indices.get(round));
                }
            }
        }
        if (skip + count > order.size()) {
            throw new IllegalArgumentException(
                    "asked for images " + skip + " to " + (skip + count) + " but there are " + order.size());
        }
        return order.subList(skip, skip + count).stream()
                .mapToInt(Integer::intValue)
                .toArray();
    }
}
