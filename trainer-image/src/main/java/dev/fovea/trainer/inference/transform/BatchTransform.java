package dev.fovea.trainer.inference.transform;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.inference.InferenceService;
import dev.fovea.trainer.inference.InvalidImageException;
import dev.fovea.trainer.inference.ResponseFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SageMaker's batch transform for Image Classification: every object of the input becomes {@code <name>.out} in
 * the output, holding the answer for that one image (JSON Lines: {@code {"prediction": [...]}}). Images run
 * through the same {@link InferenceService} as {@code fovea serve} (decode pool, dynamic batches), a window of them
 * in flight. An input that is not an image the model reads gets no {@code .out} and is reported; every other one is
 * written.
 */
public final class BatchTransform {

    /** SageMaker's suffix: {@code a/b.jpg} becomes {@code a/b.jpg.out}. */
    public static final String OUTPUT_SUFFIX = ".out";

    private static final Logger LOG = LoggerFactory.getLogger(BatchTransform.class);
    /** Threads reading inputs and writing outputs (S3 calls wait on the network, not the CPU). */
    private static final int IO_THREADS = 8;

    /**
     * @param transformed inputs whose {@code .out} was written
     * @param refused why each refused input was refused, naming it
     */
    public record Result(int transformed, List<String> refused) {}

    private final InferenceService service;
    private final ResponseFormat format;
    private final long maxInputBytes;
    private final int window;

    /**
     * @param maxInputBytes inputs larger than this are refused unread
     * @param window images read or classified at once
     */
    public BatchTransform(InferenceService service, ResponseFormat format, long maxInputBytes, int window) {
        this.service = service;
        this.format = format;
        this.maxInputBytes = maxInputBytes;
        this.window = window;
    }

    /**
     * The inputs to transform, checked before a model is loaded for them.
     *
     * @throws ClientError when the input holds nothing or the output lies inside the input
     * @throws IOException when the input cannot be listed (worth a retry)
     */
    public static List<TransformStore.Item> inputs(TransformStore input, TransformStore output) throws IOException {
        if (output.isWithin(input)) {
            throw new ClientError("The output " + output.describe("") + " lies within the input " + input.describe("")
                    + "; choose an output outside it, or the .out files become inputs");
        }
        List<TransformStore.Item> items = input.list();
        if (items.isEmpty()) {
            throw new ClientError("No input found in " + input.describe("") + "; expected JPEG or PNG images");
        }
        return items;
    }

    /**
     * Transforms {@code items} of {@code input} (see {@link #inputs}); returns once every output is written. After an
     * input cannot be read or an output written, no further input is started.
     *
     * @throws UncheckedIOException when an input cannot be read or an output written (worth a retry)
     */
    public Result run(TransformStore input, TransformStore output, List<TransformStore.Item> items) {
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger transformed = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        Semaphore inFlight = new Semaphore(window);
        List<CompletableFuture<Void>> all = new ArrayList<>(items.size());
        try (ExecutorService io = Executors.newFixedThreadPool(
                IO_THREADS,
                Thread.ofPlatform().name("fovea-transform-io-", 1).daemon().factory())) {
            for (TransformStore.Item item : items) {
                Optional<String> refusal = output.refusal(item.name() + OUTPUT_SUFFIX);
                if (refusal.isPresent()) {
                    refused.add(input.describe(item.name()) + ": " + refusal.get());
                    continue;
                }
                inFlight.acquireUninterruptibly();
                if (failed.get()) {
                    inFlight.release();
                    break;
                }
                all.add(CompletableFuture.supplyAsync(() -> read(input, item), io)
                        .thenCompose(service::classify)
                        .thenAcceptAsync(answer -> write(output, item.name(), answer), io)
                        .whenComplete((done, failure) -> {
                            if (failure == null) {
                                transformed.incrementAndGet();
                            } else if (cause(failure) instanceof InvalidImageException invalid) {
                                refused.add(input.describe(item.name()) + ": " + invalid.getMessage());
                            } else {
                                failed.set(true);
                            }
                            inFlight.release();
                        }));
            }
            for (CompletableFuture<Void> one : all) {
                try {
                    one.join();
                } catch (CompletionException e) {
                    if (!(cause(e) instanceof InvalidImageException)) {
                        throw e;
                    }
                }
            }
        }
        LOG.info(
                "Transformed {} of {} inputs from {} to {}{}",
                transformed.get(),
                items.size(),
                input.describe(""),
                output.describe(""),
                refused.isEmpty() ? "" : "; " + refused.size() + " refused");
        return new Result(transformed.get(), List.copyOf(refused));
    }

    private byte[] read(TransformStore input, TransformStore.Item item) {
        if (item.size() > maxInputBytes) {
            throw new InvalidImageException(
                    item.size() + " bytes is more than the " + maxInputBytes + " bytes an input may have");
        }
        try {
            return input.read(item.name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(TransformStore output, String name, float[] answer) {
        try {
            output.write(name + OUTPUT_SUFFIX, format.encode(answer), format.mediaType());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
