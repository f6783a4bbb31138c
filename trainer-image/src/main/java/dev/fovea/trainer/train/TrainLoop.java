package dev.fovea.trainer.train;

import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import dev.fovea.trainer.exchange.GradientExchange;
import dev.fovea.trainer.train.listener.EarlyStopping;
import dev.fovea.trainer.train.listener.EpochEvaluations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The epoch loop: DJL's {@code EasyTrain.fit}, with the gradient exchange in place of {@code trainer.step()} (DJL's
 * trainer takes its parameter server from the engine, with no hook for a custom one), per-epoch validation, and
 * {@link RunListener}s for the log lines, metrics, progress and checkpoints.
 */
public final class TrainLoop {

    private final Trainer trainer;
    private final GradientExchange exchange;
    private final TrainingData data;
    private final EpochEvaluations evaluations;
    private final EarlyStopping earlyStopping;
    private final List<RunListener> listeners;

    /**
     * @param trainer a trainer whose listeners include {@code evaluations}
     * @param listeners told about each epoch in order, after {@code earlyStopping} has judged it
     */
    public TrainLoop(
            Trainer trainer,
            GradientExchange exchange,
            TrainingData data,
            EpochEvaluations evaluations,
            EarlyStopping earlyStopping,
            List<RunListener> listeners) {
        this.trainer = trainer;
        this.exchange = exchange;
        this.data = data;
        this.evaluations = evaluations;
        this.earlyStopping = earlyStopping;
        this.listeners = List.copyOf(listeners);
    }

    /** Trains epochs {@code firstEpoch .. epochs-1}, or fewer when early stopping ends it; returns each epoch's metrics. */
    public List<EpochMetrics> run(int firstEpoch, int epochs) {
        List<EpochMetrics> history = new ArrayList<>();
        for (int epoch = firstEpoch; epoch < epochs; epoch++) {
            EpochMetrics metrics = runEpoch(epoch);
            history.add(metrics);
            earlyStopping.onEpochEnd(metrics);
            listeners.forEach(listener -> listener.onEpochEnd(metrics));
            if (earlyStopping.shouldStop()) {
                break;
            }
        }
        return history;
    }

    private EpochMetrics runEpoch(int epoch) {
        data.startEpoch().accept(epoch);
        long start = System.nanoTime();
        long images = 0;
        for (Batch batch : batches(data.train())) {
            try (batch) {
                EasyTrain.trainBatch(trainer, batch);
                exchange.step(trainer);
                images += batch.getSize();
            }
        }
        double timeCost = (System.nanoTime() - start) / 1e9;
        if (data.validation() != null) {
            for (Batch batch : batches(data.validation())) {
                try (batch) {
                    EasyTrain.validateBatch(trainer, batch);
                }
            }
        }
        exchange.endEpoch(trainer, epoch);
        trainer.notifyListeners(listener -> listener.onEpoch(trainer));
        return evaluations.finishEpoch(epoch, timeCost, images);
    }

    private Iterable<Batch> batches(Dataset dataset) {
        try {
            return trainer.iterateDataset(dataset);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the data: " + e.getMessage(), e);
        } catch (TranslateException e) {
            throw new IllegalStateException("Cannot prepare the data: " + e.getMessage(), e);
        }
    }
}
