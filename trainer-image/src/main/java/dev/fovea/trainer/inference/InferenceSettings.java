package dev.fovea.trainer.inference;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.ServingLimits;
import dev.fovea.trainer.ClientError;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * How {@code fovea serve} and {@code fovea transform} run a model; each default is declared here once (the CLI's
 * options and their environment variables name these constants).
 *
 * @param maxBatchSize the most images one forward pass takes; 0 picks it from the model's input size
 *     ({@link #maxBatchSizeFor})
 * @param maxBatchDelay how long the oldest waiting image may wait for others to join its batch
 * @param workers inference threads: 0 picks one per GPU, else on a CPU from the model's input size
 *     ({@link #workersFor})
 * @param maxImagePixels the largest image (width × height) decoded at all; larger ones are refused from the header
 */
public record InferenceSettings(int maxBatchSize, Duration maxBatchDelay, int workers, long maxImagePixels) {

    /** 0: by the model's input size, {@link #maxBatchSizeFor}. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 0;
    /** The most images a batch holds when the size is picked from the input: small images gain from 32. */
    public static final int LARGEST_PICKED_BATCH = 32;
    /**
     * Input floats a picked batch holds at most: 8 images of 3×224×224. On 2 CPU cores a ResNet-50 at 224×224 used
     * 99–104 ms of CPU per image in batches of up to 4, 94 ms with 8 or 16, and the PyTorch peer (one image per
     * forward pass) 138–153 ms; at 32 clients 8 had the lower p99 of the two larger sizes (bench/README.md, "##
     * Serving"). Batches of 32 at this size take seconds each; the MNIST ResNet-20 (784 floats) keeps 32.
     */
    static final long PICKED_BATCH_FLOATS = 8L * 3 * 224 * 224;

    public static final int DEFAULT_MAX_BATCH_DELAY_MILLIS = 0;
    /** 0: one worker per GPU, else on a CPU picked from the input size ({@link #workersFor}). */
    public static final int DEFAULT_WORKERS = 0;
    /** A 50-megapixel photo; about 800 MB of decoding memory at the peak. */
    public static final long DEFAULT_MAX_IMAGE_PIXELS = 50_000_000L;
    /**
     * Prepared images up to this many floats (3×32×32) are served on a CPU by one worker per core, each forward pass
     * on one thread: each operator is then too small to share between cores. On 2 cores the MNIST and CIFAR-sized
     * ResNet-20 ran one image in 1.66 and 1.98 ms on one thread against 3.45 and 3.77 ms on two, and batched 1.37 and
     * 1.44× as many images per second with two single-threaded workers; a ResNet-18 at 3×112×112 batched 1.49× as
     * many but one image took 21.6 ms against 16.1, and a ResNet-50 at 3×224×224 gained nothing (bench/README.md,
     * "Workers picked from the input size"). Larger images keep one worker whose forward pass uses every core.
     */
    static final long ONE_THREAD_IMAGE_FLOATS = 3L * 32 * 32;

    /** {@code --max-batch-size}: 0 (picked) up to the endpoint's limit. */
    public static final SettingRange MAX_BATCH_SIZE = new SettingRange(0, ServingLimits.MAX_BATCH_SIZE);
    /** {@code --max-batch-delay-ms}, in milliseconds, up to the endpoint's limit. */
    public static final SettingRange MAX_BATCH_DELAY_MILLIS = new SettingRange(0, ServingLimits.MAX_BATCH_DELAY_MS);
    /** {@code --workers}: 0 (picked) up to 256, each holding its own copy of the model. */
    public static final SettingRange WORKERS = new SettingRange(0, 256);
    /** {@code --max-image-pixels}: a decoded image's pixels live in one Java array. */
    public static final SettingRange MAX_IMAGE_PIXELS = new SettingRange(1, Integer.MAX_VALUE);

    public InferenceSettings {
        MAX_BATCH_SIZE.check("max batch size", maxBatchSize);
        MAX_BATCH_DELAY_MILLIS.check("max batch delay", maxBatchDelay, ChronoUnit.MILLIS);
        WORKERS.check("workers", workers);
        MAX_IMAGE_PIXELS.check("max image pixels", maxImagePixels);
    }

    /**
     * The most images one forward pass takes for a model whose prepared image is {@code imageFloats} floats: the
     * size asked for, or when it is 0 the largest power of two up to {@link #LARGEST_PICKED_BATCH} whose batch holds
     * at most {@link #PICKED_BATCH_FLOATS} floats (at least 1).
     */
    public int maxBatchSizeFor(long imageFloats) {
        if (maxBatchSize > 0) {
            return maxBatchSize;
        }
        long fitting = Math.max(1, PICKED_BATCH_FLOATS / Math.max(1, imageFloats));
        return (int) Math.min(LARGEST_PICKED_BATCH, Long.highestOneBit(fitting));
    }

    /**
     * Refuses a batch size whose batches would not fit in memory: each worker holds one batch of {@code imageFloats}
     * floats per image, and all of them together may take a quarter of {@code heapBytes} (request bodies and decoding
     * have a quarter each). Without this a large {@code --max-batch-size} is an OutOfMemoryError at the warm-up, or
     * the pod is killed.
     */
    public void checkBatchMemory(long imageFloats, int workers, long heapBytes) {
        long batch = maxBatchSizeFor(imageFloats);
        long budget = heapBytes / 4;
        long perImage = Float.BYTES * imageFloats * workers;
        if (batch * perImage > budget || batch * imageFloats > Integer.MAX_VALUE) {
            long fitting = Math.min(budget / perImage, Integer.MAX_VALUE / imageFloats);
            throw new ClientError("--max-batch-size (" + ContainerEnvironment.SERVE_MAX_BATCH_SIZE + ") " + batch
                    + ": " + workers + " worker(s) holding batches of " + batch + " images of " + imageFloats
                    + " floats need " + (batch * perImage >> 20) + " MiB, more than a quarter of the "
                    + (heapBytes >> 20) + " MiB heap; at most " + fitting
                    + " fit (or give the JVM more heap: JAVA_OPTS=-Xmx...)");
        }
    }

    /**
     * Inference workers for a model whose prepared image is {@code imageFloats} floats: the number asked for, or when
     * it is 0 one per GPU when there are {@code gpus}, else on a CPU with {@code cores} cores one per core for images
     * up to {@link #ONE_THREAD_IMAGE_FLOATS} floats, else one.
     */
    public int workersFor(int gpus, long imageFloats, int cores) {
        if (workers > 0) {
            return workers;
        }
        if (gpus > 0) {
            return gpus;
        }
        return imageFloats <= ONE_THREAD_IMAGE_FLOATS ? Math.max(1, cores) : 1;
    }

    /** The largest batch these settings can run, for any model: the top of the batch-size histogram. */
    public int batchSizeCeiling() {
        return maxBatchSize > 0 ? maxBatchSize : LARGEST_PICKED_BATCH;
    }

    public static InferenceSettings defaults() {
        return new InferenceSettings(
                DEFAULT_MAX_BATCH_SIZE,
                Duration.ofMillis(DEFAULT_MAX_BATCH_DELAY_MILLIS),
                DEFAULT_WORKERS,
                DEFAULT_MAX_IMAGE_PIXELS);
    }
}
