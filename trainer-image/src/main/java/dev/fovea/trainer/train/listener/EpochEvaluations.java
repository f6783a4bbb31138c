package dev.fovea.trainer.train.listener;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;
import dev.fovea.trainer.train.EpochMetrics;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Accumulates accuracy, top-k accuracy and loss over one epoch's training and validation batches, and hands them to
 * the loop as an {@link EpochMetrics} when the epoch ends. It replaces DJL's {@code EvaluatorTrainingListener},
 * which records into {@code Metrics} under generated names rather than returning the epoch's numbers.
 */
public final class EpochEvaluations extends TrainingListenerAdapter {

    private static final String TRAIN = "fovea/train";
    private static final String VALIDATE = "fovea/validate";

    private final Evaluator accuracy;
    private final Evaluator topKAccuracy;
    private final Loss loss;
    private boolean validated;

    /**
     * @param accuracy the top-1 accuracy evaluator
     * @param topKAccuracy the top-k evaluator, or {@code null} when the job does not ask for top-k
     * @param loss the training loss, reported as the epoch's mean
     */
    public EpochEvaluations(Evaluator accuracy, Evaluator topKAccuracy, Loss loss) {
        this.accuracy = accuracy;
        this.topKAccuracy = topKAccuracy;
        this.loss = loss;
        for (Evaluator evaluator : evaluators()) {
            evaluator.addAccumulator(TRAIN);
            evaluator.addAccumulator(VALIDATE);
        }
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        update(TRAIN, batchData);
    }

    @Override
    public void onValidationBatch(Trainer trainer, BatchData batchData) {
        validated = true;
        update(VALIDATE, batchData);
    }

    /** The epoch's numbers; resets the accumulators for the next epoch. */
    public EpochMetrics finishEpoch(int epoch, double timeCostSeconds, long images) {
        EpochMetrics metrics = new EpochMetrics(
                epoch,
                accuracy.getAccumulator(TRAIN),
                topK(TRAIN, true),
                loss.getAccumulator(TRAIN),
                validated ? OptionalDouble.of(accuracy.getAccumulator(VALIDATE)) : OptionalDouble.empty(),
                topK(VALIDATE, validated),
                timeCostSeconds,
                images);
        for (Evaluator evaluator : evaluators()) {
            evaluator.resetAccumulator(TRAIN);
            evaluator.resetAccumulator(VALIDATE);
        }
        validated = false;
        return metrics;
    }

    private OptionalDouble topK(String stage, boolean measured) {
        return topKAccuracy != null && measured
                ? OptionalDouble.of(topKAccuracy.getAccumulator(stage))
                : OptionalDouble.empty();
    }

    private void update(String stage, BatchData batchData) {
        Map<Device, NDList> labels = batchData.getLabels();
        for (Map.Entry<Device, NDList> split : labels.entrySet()) {
            NDList predictions = batchData.getPredictions().get(split.getKey());
            for (Evaluator evaluator : evaluators()) {
                if (evaluator != loss || TRAIN.equals(stage)) {
                    evaluator.updateAccumulator(stage, split.getValue(), predictions);
                }
            }
        }
    }

    private Evaluator[] evaluators() {
        return topKAccuracy == null ? new Evaluator[] {accuracy, loss} : new Evaluator[] {accuracy, topKAccuracy, loss};
    }
}
