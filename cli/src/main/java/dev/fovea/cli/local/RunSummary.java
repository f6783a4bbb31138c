package dev.fovea.cli.local;

import dev.fovea.api.status.JobPhase;
import dev.fovea.api.status.Progress;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The end of a local run in the words the operator would put into the job's status: phase, epochs, accuracies,
 * throughput and where the model is.
 */
record RunSummary(String jobName, JobPhase phase, Progress progress, Path model, String reason, int restarts) {

    static RunSummary succeeded(String jobName, Progress progress, Path model) {
        return new RunSummary(jobName, JobPhase.Succeeded, progress, model, null, 0);
    }

    static RunSummary failed(String jobName, Progress progress, String reason) {
        return new RunSummary(jobName, JobPhase.Failed, progress, null, reason, 0);
    }

    /** The same summary after {@code count} gang restarts. */
    RunSummary withRestarts(int count) {
        return new RunSummary(jobName, phase, progress, model, reason, count);
    }

    String render() {
        StringBuilder text = new StringBuilder();
        line(text, "job", jobName);
        line(text, "phase", phase.name());
        if (reason != null) {
            line(text, "reason", reason);
        }
        line(text, "restarts", Integer.toString(restarts));
        if (progress != null) {
            line(
                    text,
                    "epochs",
                    (progress.epoch() == null ? "0" : progress.epoch()) + "/"
                            + (progress.totalEpochs() == null ? "?" : progress.totalEpochs()));
            line(text, "train accuracy", ProgressDisplay.percent(progress.trainAccuracy()));
            line(text, "validation accuracy", ProgressDisplay.percent(progress.validationAccuracy()));
            line(text, "best validation accuracy", ProgressDisplay.percent(progress.bestValidationAccuracy()));
            line(text, "top-k accuracy", ProgressDisplay.percent(progress.topKAccuracy()));
            line(text, "loss", progress.loss() == null ? "-" : String.format(Locale.ROOT, "%.4f", progress.loss()));
            line(
                    text,
                    "images/s",
                    progress.imagesPerSecond() == null
                            ? "-"
                            : String.format(Locale.ROOT, "%.1f", progress.imagesPerSecond()));
            line(text, "last checkpoint", progress.lastCheckpoint() == null ? "-" : progress.lastCheckpoint());
        }
        if (model != null) {
            line(text, "model", model.toString());
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format(Locale.ROOT, "  %-25s %s%n", label + ":", value));
    }
}
