package dev.fovea.trainer.inference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches images that arrive separately into one forward pass: each worker takes the oldest waiting image, adds
 * every other one already waiting, and then waits for more until the batch holds {@code maxBatchSize} images or the
 * oldest has waited {@code maxBatchDelay}. While a worker runs a batch, new arrivals queue up and form the next one,
 * so batches grow with the load by themselves; a lone request is answered without waiting when the delay is zero.
 * An image may also be queued unprepared ({@link #submitUnprepared}): the worker that takes it prepares it, which
 * saves a lone request the handoff to another thread when a worker is {@link #idle}.
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
    private final AtomicInteger waitingWorkers = new AtomicInteger();
    private volatile boolean closing;

    private record Pending(Supplier<float[]> image, long enqueuedNanos, CompletableFuture<float[]> answer) {}

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
        return submitUnprepared(() -> image);
    }

    /**
     * Queues one image that the worker taking it prepares first, on its own thread: the answer completes when its
     * batch has run, or with what {@code preparation} threw (the rest of the batch runs without it).
     */
    public CompletableFuture<float[]> submitUnprepared(Supplier<float[]> preparation) {
        CompletableFuture<float[]> answer = new CompletableFuture<>();
        if (closing) {
            answer.completeExceptionally(new RejectedExecutionException("the server is shutting down"));
        } else if (!queue.offer(new Pending(preparation, System.nanoTime(), answer))) {
            answer.completeExceptionally(new OverloadedException(
                    "all " + queueCapacity + " places in the inference queue are taken; retry later"));
        }
        return answer;
    }

    /**
     * Whether a worker is waiting on an empty queue: an image submitted now starts at once, in a batch of its own
     * unless others arrive first.
     */
    public boolean idle() {
        return waitingWorkers.get() > 0 && queue.isEmpty();
    }

    private void work(BatchModel model) {
        float[] images = new float[maxBatchSize * model.imageFloats()];
        List<Pending> batch = new ArrayList<>(maxBatchSize);
        while (true) {
            try {
                Pending first;
                waitingWorkers.incrementAndGet();
                try {
                    first = queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
                } finally {
                    waitingWorkers.decrementAndGet();
                }
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
        List<Pending> ready = new ArrayList<>(batch.size());
        long[] queued = new long[batch.size()];
        int floats = model.imageFloats();
        for (Pending pending : batch) {
            try {
                System.arraycopy(pending.image().get(), 0, images, ready.size() * floats, floats);
            } catch (RuntimeException e) {
                pending.answer().completeExceptionally(e);
                continue;
            }
            queued[ready.size()] = start - pending.enqueuedNanos();
            ready.add(pending);
        }
        if (ready.isEmpty()) {
            return;
        }
        try {
            observer.batchStarted(ready.size(), Arrays.copyOf(queued, ready.size()));
            float[][] answers = model.predict(images, ready.size());
            for (int i = 0; i < ready.size(); i++) {
                ready.get(i).answer().complete(answers[i]);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("A batch of {} images failed", ready.size(), e);
            ready.forEach(pending -> pending.answer().completeExceptionally(e));
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
