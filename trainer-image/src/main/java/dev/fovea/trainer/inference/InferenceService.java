package dev.fovea.trainer.inference;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.fovea.trainer.data.image.UndecodableImageException;
import dev.fovea.trainer.data.pipeline.ImagePreprocessor;
import dev.fovea.trainer.publish.ModelDescription;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model ready to classify encoded images concurrently: decoding and preparation on a pool of threads (one per
 * core, within a memory budget: {@link PixelBudget}), then {@link DynamicBatcher} over one copy of the model per GPU,
 * or one on the CPU. What {@code fovea serve} answers requests with and {@code fovea transform} runs files through.
 */
public final class InferenceService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceService.class);
    /** Images that may wait for a batch, per image a batch holds. */
    private static final int QUEUED_BATCHES = 8;

    private final List<Predictor> predictors;
    private final ImagePreprocessor preprocessor;
    private final PixelBudget pixels;
    private final ExecutorService decoders;
    private final DynamicBatcher batcher;
    private final int maxBatchSize;
    private final int workers;
    private final double loadSeconds;
    /** PyTorch's intra-op threads before {@link #shareCores}, restored on close (the setting is the process's). */
    private final int threadsBefore;

    private InferenceService(
            List<Predictor> predictors,
            PixelBudget pixels,
            InferenceSettings settings,
            int maxBatchSize,
            int workers,
            DynamicBatcher.Observer observer,
            double loadSeconds,
            int threadsBefore) {
        this.predictors = predictors;
        this.pixels = pixels;
        this.preprocessor = predictors.getFirst().preprocessor(pixels);
        this.decoders = Executors.newFixedThreadPool(
                Runtime.getRuntime().availableProcessors(),
                Thread.ofPlatform().name("fovea-decode-", 1).daemon().factory());
        List<Predictor> models = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            models.add(predictors.get(i % predictors.size()));
        }
        this.maxBatchSize = maxBatchSize;
        this.workers = workers;
        this.batcher = new DynamicBatcher(
                maxBatchSize, settings.maxBatchDelay(), QUEUED_BATCHES * maxBatchSize * workers, models, observer);
        this.loadSeconds = loadSeconds;
        this.threadsBefore = threadsBefore;
    }

    /**
     * Loads the model in {@code modelDirectory} (one copy per GPU, else one on the CPU), picks the workers (one per
     * GPU, else {@link InferenceSettings#workersFor}), runs a warm-up batch of one and of {@code maxBatchSize}
     * images through each copy, and starts the workers.
     *
     * @param observer told about every batch (metrics)
     */
    public static InferenceService start(
            Path modelDirectory, InferenceSettings settings, DynamicBatcher.Observer observer) {
        long start = System.nanoTime();
        List<Device> devices = devices(); // loads the engine, whose thread count comes next
        int threadsBefore = JniUtils.getNumThreads();
        List<Predictor> predictors = new ArrayList<>();
        int workers;
        int maxBatchSize;
        try {
            for (Device device : devices) {
                predictors.add(Predictor.open(modelDirectory, device));
            }
            long imageFloats = predictors.getFirst().imageFloats();
            int gpus = devices.getFirst().isGpu() ? devices.size() : 0;
            workers =
                    settings.workersFor(gpus, imageFloats, Runtime.getRuntime().availableProcessors());
            if (gpus == 0) {
                shareCores(workers);
            }
            settings.checkBatchMemory(imageFloats, workers, Runtime.getRuntime().maxMemory());
            maxBatchSize = settings.maxBatchSizeFor(imageFloats);
            for (Predictor predictor : predictors) {
                warmUp(predictor, maxBatchSize);
            }
        } catch (RuntimeException | Error e) {
            predictors.forEach(Predictor::close);
            JniUtils.setNumThreads(threadsBefore);
            throw e;
        }
        PixelBudget pixels =
                new PixelBudget(settings.maxImagePixels(), Runtime.getRuntime().maxMemory() / 4);
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info(
                "Loaded {} ({} classes, input {}) on {} in {} s; {} inference worker(s), batches of up to {}",
                modelDirectory,
                predictors.getFirst().numClasses(),
                predictors.getFirst().description().imageShape(),
                devices,
                String.format("%.2f", seconds),
                workers,
                maxBatchSize);
        return new InferenceService(
                predictors, pixels, settings, maxBatchSize, workers, observer, seconds, threadsBefore);
    }

    private static List<Device> devices() {
        Engine engine = Engine.getInstance();
        int gpus = engine.getGpuCount();
        return gpus > 0 ? List.of(engine.getDevices(gpus)) : List.of(Device.cpu());
    }

    /**
     * Gives each of {@code workers} CPU workers an equal share of the cores for its forward passes (PyTorch's
     * intra-op threads are one setting for the whole process): W workers × T threads = the cores, so that workers do
     * not stall each other's parallel regions.
     */
    private static void shareCores(int workers) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        if (JniUtils.getNumThreads() != threads) {
            LOG.info("{} CPU inference workers: {} intra-op thread(s) each", workers, threads);
            JniUtils.setNumThreads(threads);
        }
    }

    private static void warmUp(Predictor predictor, int maxBatchSize) {
        float[] zeros = new float[maxBatchSize * predictor.imageFloats()];
        predictor.predict(zeros, 1);
        predictor.predict(zeros, maxBatchSize);
    }

    /**
     * Classifies one encoded image: the answer fails with {@link InvalidImageException} when the bytes are not an
     * image the model accepts, with {@link DynamicBatcher.OverloadedException} when the queue is full. A lone image,
     * arriving while a worker is idle, is decoded by that worker rather than on the decode pool: one thread handoff
     * (a wakeup, and on a busy machine a wait for a core) fewer between the request and its forward pass.
     */
    public CompletableFuture<float[]> classify(byte[] encoded) {
        if (batcher.idle()) {
            return batcher.submitUnprepared(() -> prepare(encoded));
        }
        return CompletableFuture.supplyAsync(() -> prepare(encoded), decoders).thenCompose(batcher::submit);
    }

    private float[] prepare(byte[] encoded) {
        float[] image = new float[preprocessor.imageFloats()];
        try {
            preprocessor.writeHwc(encoded, new SplittableRandom(0), image, 0);
        } catch (UndecodableImageException e) {
            throw new InvalidImageException("not a JPEG or PNG image the model can read: " + e.getMessage());
        }
        return image;
    }

    public ModelDescription description() {
        return predictors.getFirst().description();
    }

    /** The most images one forward pass takes (the settings' size, or the one picked for this model's input). */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** The inference workers running batches (the settings' number, or the one picked for the model and device). */
    public int workers() {
        return workers;
    }

    /** Seconds from the start of loading until the model was loaded and warmed up. */
    public double loadSeconds() {
        return loadSeconds;
    }

    /** The decoding memory budget in force. */
    public PixelBudget pixels() {
        return pixels;
    }

    /** Finishes every image already accepted, then releases the model. */
    @Override
    public void close() {
        decoders.shutdown();
        try {
            decoders.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batcher.close();
        Collections.reverse(predictors);
        predictors.forEach(Predictor::close);
        JniUtils.setNumThreads(threadsBefore);
    }
}
