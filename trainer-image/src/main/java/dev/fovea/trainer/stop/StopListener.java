package dev.fovea.trainer.stop;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;

/**
 * Checks the {@link StopRequest} after every training and validation batch, when DJL has finished the batch's native
 * work and before the next one starts: the one place a step can end without a thread inside libtorch.
 */
public final class StopListener extends TrainingListenerAdapter {

    private final StopRequest stop;
    private int epoch;
    private int batch;

    public StopListener(StopRequest stop) {
        this.stop = stop;
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        stop.check("before training began");
    }

    @Override
    public void onEpoch(Trainer trainer) {
        epoch++;
        batch = 0;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, TrainingListener.BatchData batchData) {
        batch++;
        stop.check("after training batch " + batch + " of this run's epoch " + (epoch + 1));
    }

    @Override
    public void onValidationBatch(Trainer trainer, TrainingListener.BatchData batchData) {
        stop.check("while validating this run's epoch " + (epoch + 1));
    }
}
