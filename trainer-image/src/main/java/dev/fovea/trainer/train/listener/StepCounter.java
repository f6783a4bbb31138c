package dev.fovea.trainer.train.listener;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.concurrent.atomic.AtomicLong;

/** Counts optimizer steps (one per training batch), continued across a resume from the checkpoint's count. */
public final class StepCounter extends TrainingListenerAdapter {

    private final AtomicLong steps = new AtomicLong();

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        steps.incrementAndGet();
    }

    public long steps() {
        return steps.get();
    }

    public void resumeAt(long steps) {
        this.steps.set(steps);
    }
}
