package dev.fovea.api.spec;

import java.util.ArrayList;
import java.util.List;

/** The parsed {@code lrSchedulerStep}: epochs at which the learning rate drops, strictly ascending. */
public record EpochList(List<Integer> epochs) {

    public EpochList {
        epochs = List.copyOf(epochs);
    }

    /**
     * Parses "10, 20, 30": comma-separated positive integers, strictly ascending.
     *
     * @throws IllegalArgumentException with a message that says what is allowed
     */
    public static EpochList parse(String text) {
        List<Integer> epochs = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int epoch;
            try {
                epoch = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be comma-separated positive epochs, e.g. \"10, 20\"", e);
            }
            if (epoch < 1) {
                throw new IllegalArgumentException("epochs must be positive integers");
            }
            if (!epochs.isEmpty() && epoch <= epochs.getLast()) {
                throw new IllegalArgumentException("epochs must be strictly ascending");
            }
            epochs.add(epoch);
        }
        return new EpochList(epochs);
    }

    /** The last (largest) epoch. */
    public int last() {
        return epochs.getLast();
    }
}
