package dev.fovea.trainer.inference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches images that arrive separately into one forward pass: each worker takes the oldest waiting image, adds
 * every other one already waiting, and then waits for more until the batch holds {@code maxBatchSize} images or the
 * oldest has waited {@code maxBatchDelay}. While a worker runs a batch, new arrivals queue up and form the next one,
 * so batches grow with the load by themselves; a lone request is answered without waiting when the delay is zero.
 */
public final class DynamicBatcher implements AutoCloseable {

    /** What runs a batch: a model on one device. */
    public interface BatchModel {

        /** Floats per prepared image. */
        int imageFloats();

        /** The answers for {@code count} images laid out one after the other in {@code images}. */
        float[][] predict(float[] images, int count);
    }

    /** Told about each batch; the server turns this into metrics. */
    public interface Observer {

        Observer NONE = (size, queuedNanos) -> {};

        /**
         * @param size the images in the batch
         * @param queuedNanos how long each of them waited between {@link #submit} and the batch's start
         */
        void batchStarted(int size, long[] queuedNanos);
    }

    /** The queue is full: the server is overloaded; the client should retry later. */
    public static final class OverloadedException extends RejectedExecutionException {
        OverloadedException(String message) {
            super(message);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final int maxBatchSize;
    private final long maxDelayNanos;
    private final int queueCapacity;
    private final BlockingQueue<Pending> queue;
    private final Observer observer;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closing;

    private record Pending(float[] image, long enqueuedNanos, CompletableFuture<float[]> answer) {}

    /**
     * @param models one worker thread per entry (the same model may appear several times)
     * @param queueCapacity images that may wait; more are refused with {@link OverloadedException}
     */
    public DynamicBatcher(
            int maxBatchSize,
            Duration maxBatchDelay,
            int queueCapacity,
            List<? extends BatchModel> models,
            Observer observer) {
        if (maxBatchSize < 1 || maxBatchDelay.isNegative() || queueCapacity < 1 || models.isEmpty()) {
            throw new IllegalArgumentException("maxBatchSize " + maxBatchSize + " and queueCapacity " + queueCapacity
                    + " must be positive, maxBatchDelay " + maxBatchDelay + " not negative, and a model given");
        }
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = maxBatchDelay.toNanos();
        this.queueCapacity = queueCapacity;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.observer = observer;
        for (int i = 0; i < models.size(); i++) {
            BatchModel model = models.get(i);
            workers.add(Thread.ofPlatform()
                    .name("fovea-inference-" + (i + 1))
                    .daemon()
                    .start(() -> work(model)));
        }
    }

    /** Queues one prepared image; the answer completes when its batch has run. */
    public CompletableFuture<float[]> submit(float[] image) {
        CompletableFuture<float[]> answer = new CompletableFuture<>();
        if (closing) {
            answer.completeExceptionally(new RejectedExecutionException("the server is shutting down"));
        } else if (!queue.offer(new Pending(image, System.nanoTime(), answer))) {
            answer.completeExceptionally(new OverloadedException(
                    "all " + queueCapacity + " places in the inference queue are taken; retry later"));
        }
        return answer;
    }

    private void work(BatchModel model) {
        float[] images = new float[maxBatchSize * model.imageFloats()];
        List<Pending> batch = new ArrayList<>(maxBatchSize);
        while (true) {
            try {
                Pending first = queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                fill(batch, first.enqueuedNanos() + maxDelayNanos);
            } catch (InterruptedException e) {
                if (batch.isEmpty()) {
                    return;
                }
            }
            run(model, batch, images);
            batch.clear();
        }
    }

    /** Adds waiting images until the batch is full or {@code deadline} passes. */
    private void fill(List<Pending> batch, long deadline) throws InterruptedException {
        queue.drainTo(batch, maxBatchSize - batch.size());
        while (batch.size() < maxBatchSize) {
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            Pending next = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, maxBatchSize - batch.size());
        }
    }

    private void run(BatchModel model, List<Pending> batch, float[] images) {
        long start = System.nanoTime();
        long[] queued = new long[batch.size()];
        int floats = model.imageFloats();
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            queued[i] = start - pending.enqueuedNanos();
            System.arraycopy(pending.image(), 0, images, i * floats, floats);
        }
        try {
            observer.batchStarted(batch.size(), queued);
            float[][] answers = model.predict(images, batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer().complete(answers[i]);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("A batch of {} images failed", batch.size(), e);
            batch.forEach(pending -> pending.answer().completeExceptionally(e));
        }
    }

    /** Stops taking images, answers every queued one, then stops the workers. */
    @Override
    public void close() {
        closing = true;
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Pending late;
        while ((late = queue.poll()) != null) {
            late.answer().completeExceptionally(new RejectedExecutionException("the server is shutting down"));
        }
    }
}
