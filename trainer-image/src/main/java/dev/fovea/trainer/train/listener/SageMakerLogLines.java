package dev.fovea.trainer.train.listener;

import dev.fovea.trainer.train.EpochMetrics;
import dev.fovea.trainer.train.RunListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Prints each epoch's metrics in the exact lines SageMaker's MXNet-based algorithm prints, so that metric regexes
 * written for SageMaker ({@code Epoch\[(\d+)\] Validation-accuracy=([0-9.]+)}) keep working: accuracies with six
 * decimals, the time cost with three.
 */
public final class SageMakerLogLines implements RunListener {

    private final int topK;
    private final Consumer<String> out;

    /**
     * @param topK the {@code top_k} hyperparameter (0 when unset), used in the {@code top_k_accuracy_K} name
     * @param out where each line goes (the trainer's log)
     */
    public SageMakerLogLines(int topK, Consumer<String> out) {
        this.topK = topK;
        this.out = out;
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        lines(metrics).forEach(out);
    }

    /** The lines for one epoch, in SageMaker's order. */
    public List<String> lines(EpochMetrics metrics) {
        String prefix = "Epoch[" + metrics.epoch() + "] ";
        List<String> lines = new ArrayList<>();
        lines.add(prefix + "Train-accuracy=" + sixDecimals(metrics.trainAccuracy()));
        addTopK(lines, prefix + "Train", metrics.trainTopKAccuracy());
        lines.add(prefix + "Time cost=" + String.format(Locale.ROOT, "%.3f", metrics.timeCostSeconds()));
        metrics.validationAccuracy()
                .ifPresent(accuracy -> lines.add(prefix + "Validation-accuracy=" + sixDecimals(accuracy)));
        addTopK(lines, prefix + "Validation", metrics.validationTopKAccuracy());
        return lines;
    }

    private void addTopK(List<String> lines, String stage, OptionalDouble value) {
        value.ifPresent(accuracy -> lines.add(stage + "-top_k_accuracy_" + topK + "=" + sixDecimals(accuracy)));
    }

    private static String sixDecimals(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }
}
