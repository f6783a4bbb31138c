package dev.fovea.trainer.data.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the input pipeline, read by the metrics code: how long the training loop waited for batches (the
 * data-wait time: non-zero means decoding holds training back), how many batches and images were delivered, how
 * many undecodable images were skipped.
 */
public final class PipelineStats {

    private final AtomicLong waitNanos = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong images = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    void recordBatch(long waitedNanos, int imageCount) {
        waitNanos.addAndGet(waitedNanos);
        batches.incrementAndGet();
        images.addAndGet(imageCount);
    }

    void recordSkipped(int count) {
        skipped.addAndGet(count);
    }

    /** Total time the consumer spent waiting for the next batch, in seconds. */
    public double dataWaitSeconds() {
        return waitNanos.get() / 1e9;
    }

    public long batches() {
        return batches.get();
    }

    public long images() {
        return images.get();
    }

    /** Undecodable images skipped so far (all epochs). */
    public long skippedImages() {
        return skipped.get();
    }
}
