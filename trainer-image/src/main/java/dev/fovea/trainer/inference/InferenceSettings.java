package dev.fovea.trainer.inference;

import java.time.Duration;

/**
 * How {@code fovea serve} and {@code fovea transform} run a model; each default is declared here once (the CLI's
 * options and their environment variables name these constants).
 *
 * @param maxBatchSize the most images one forward pass takes
 * @param maxBatchDelay how long the oldest waiting image may wait for others to join its batch
 * @param workers inference threads: 0 picks one per GPU, else {@link #CPU_WORKERS} on a CPU
 * @param maxImagePixels the largest image (width × height) decoded at all; larger ones are refused from the header
 */
public record InferenceSettings(int maxBatchSize, Duration maxBatchDelay, int workers, long maxImagePixels) {

    public static final int DEFAULT_MAX_BATCH_SIZE = 32;
    public static final int DEFAULT_MAX_BATCH_DELAY_MILLIS = 0;
    /** 0: one worker per GPU, else {@link #CPU_WORKERS}. */
    public static final int DEFAULT_WORKERS = 0;
    /** A 50-megapixel photo; about 800 MB of decoding memory at the peak. */
    public static final long DEFAULT_MAX_IMAGE_PIXELS = 50_000_000L;
    /** Inference threads on a CPU: one forward pass already uses every core. */
    static final int CPU_WORKERS = 1;

    public InferenceSettings {
        if (maxBatchSize < 1 || maxBatchDelay.isNegative() || workers < 0 || maxImagePixels < 1) {
            throw new IllegalArgumentException("max batch size " + maxBatchSize + " and max image pixels "
                    + maxImagePixels + " must be positive, the max batch delay " + maxBatchDelay
                    + " and the workers " + workers + " not negative");
        }
    }

    public static InferenceSettings defaults() {
        return new InferenceSettings(
                DEFAULT_MAX_BATCH_SIZE,
                Duration.ofMillis(DEFAULT_MAX_BATCH_DELAY_MILLIS),
                DEFAULT_WORKERS,
                DEFAULT_MAX_IMAGE_PIXELS);
    }
}
