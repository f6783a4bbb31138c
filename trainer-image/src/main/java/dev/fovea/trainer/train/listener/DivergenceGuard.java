package dev.fovea.trainer.train.listener;

import ai.djl.Device;
import ai.djl.TrainingDivergedException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Stops training whose loss is no longer a number: after {@code limit} consecutive steps with a NaN or infinite loss
 * it throws DJL's {@link TrainingDivergedException} (an algorithm error) naming the steps, before that step's update,
 * instead of training on and writing NaN weights. DJL's {@code DivergenceCheckTrainingListener} stops at the first
 * NaN; a few steps of grace let a single overflowing batch pass.
 */
public final class DivergenceGuard extends TrainingListenerAdapter {

    /** Consecutive non-finite steps that stop training unless the job says otherwise. */
    public static final int DEFAULT_LIMIT = 3;

    private final Loss loss;
    private final int limit;
    private final LongSupplier step;
    private int consecutive;
    private long firstStep;

    /**
     * @param loss the training loss
     * @param limit how many consecutive non-finite steps stop training (at least 1)
     * @param step the number of the step just taken, counted from the start of training (across resumes)
     */
    public DivergenceGuard(Loss loss, int limit, LongSupplier step) {
        if (limit < 1) {
            throw new IllegalArgumentException("the divergence limit must be at least 1 step, got " + limit);
        }
        this.loss = loss;
        this.limit = limit;
        this.step = step;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        float value = batchLoss(batchData);
        if (Float.isFinite(value)) {
            consecutive = 0;
            return;
        }
        long now = step.getAsLong();
        if (consecutive++ == 0) {
            firstStep = now;
        }
        if (consecutive >= limit) {
            throw new TrainingDivergedException("Training diverged: the loss was " + value + " for " + consecutive
                    + " consecutive steps (steps " + firstStep + " to " + now + "); stopped before writing any"
                    + " checkpoint or model from these weights. Lower learningRate or check the data");
        }
    }

    private float batchLoss(BatchData batchData) {
        float sum = 0;
        for (Map.Entry<Device, NDList> split : batchData.getLabels().entrySet()) {
            NDList predictions = batchData.getPredictions().get(split.getKey());
            try (NDArray value = loss.evaluate(split.getValue(), predictions)) {
                sum += value.getFloat();
            }
        }
        return sum;
    }
}
