package dev.fovea.cli.local;

import dev.fovea.api.status.Progress;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The console progress bar of a local run: epochs done out of the total, with the step, images/s and accuracies
 * of rank 0's latest {@code /progress}, polled once a second on a daemon thread.
 */
final class ProgressDisplay implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final Supplier<Optional<Progress>> source;
    private final ProgressBar bar;
    private final AtomicReference<Progress> latest = new AtomicReference<>();
    private final Thread thread;

    /** Shows what {@code source} gives (empty while the trainer has no progress to give). */
    ProgressDisplay(Supplier<Optional<Progress>> source, String jobName, int totalEpochs) {
        this.source = source;
        this.bar = new ProgressBarBuilder()
                .setTaskName(jobName)
                .setInitialMax(totalEpochs)
                .setUnit(" epochs", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .continuousUpdate()
                .build();
        this.thread = Thread.ofPlatform().daemon().name("progress").start(this::pollUntilInterrupted);
    }

    /** The newest progress seen, or null when the trainer never answered. */
    Progress latest() {
        return latest.get();
    }

    private void pollUntilInterrupted() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                source.get().ifPresent(this::show);
                Thread.sleep(POLL_INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void show(Progress progress) {
        latest.set(progress);
        if (progress.totalEpochs() != null) {
            bar.maxHint(progress.totalEpochs());
        }
        if (progress.epoch() != null) {
            bar.stepTo(progress.epoch());
        }
        bar.setExtraMessage(describe(progress));
    }

    static String describe(Progress progress) {
        String imagesPerSecond = progress.imagesPerSecond() == null
                ? "-"
                : String.format(Locale.ROOT, "%.0f", progress.imagesPerSecond());
        return String.format(
                Locale.ROOT,
                "step %d, %s img/s, train %s, val %s",
                progress.step() == null ? 0 : progress.step(),
                imagesPerSecond,
                percent(progress.trainAccuracy()),
                percent(progress.validationAccuracy()));
    }

    static String percent(Double fraction) {
        return fraction == null ? "-" : String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(POLL_INTERVAL.toMillis() * 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.get().ifPresent(this::show);
        bar.close();
    }
}
