package dev.fovea.trainer.schedule;

import ai.djl.training.tracker.Tracker;
import java.util.List;

/**
 * MXNet's {@code MultiFactorScheduler} as a pure function of the update count: the learning rate
 * is {@code baseValue * factor^k}, where {@code k} is the number of steps {@code s} with {@code
 * numUpdate > s}. Unlike DJL's {@code MultiFactorTracker} it keeps no state, so a run resumed at
 * any update count gets the same value as an uninterrupted one.
 *
 * @param baseValue the learning rate before the first step
 * @param factor what each step multiplies the learning rate by
 * @param steps the update counts after which the learning rate drops, ascending
 */
public record MultiFactorSchedule(float baseValue, float factor, List<Integer> steps) implements Tracker {

    public MultiFactorSchedule {
        steps = List.copyOf(steps);
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i) <= steps.get(i - 1)) {
                throw new IllegalArgumentException("schedule steps must ascend, got " + steps);
            }
        }
    }

    @Override
    public float getNewValue(int numUpdate) {
        float value = baseValue;
        for (int step : steps) {
            if (numUpdate <= step) {
                break;
            }
            value *= factor;
        }
        return value;
    }
}
