package dev.fovea.trainer.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How images that arrive one by one become batches. The model is a stand-in that answers each one-float image with
 * its value and can hold its first batch, so that what queues meanwhile is known exactly.
 */
class DynamicBatcherTest {

    private static final Duration NO_DELAY = Duration.ZERO;

    /** Answers {@code [x]} for image {@code [x]}; the first batch waits until {@link #release} opens. */
    private static final class HeldModel implements DynamicBatcher.BatchModel {
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

        @Override
        public int imageFloats() {
            return 1;
        }

        @Override
        public float[][] predict(float[] images, int count) {
            batchSizes.add(count);
            running.countDown();
            await(release);
            float[][] answers = new float[count][];
            for (int i = 0; i < count; i++) {
                if (images[i] < 0) {
                    throw new IllegalStateException("a negative image");
                }
                answers[i] = new float[] {images[i]};
            }
            return answers;
        }
    }

    @Test
    void imagesThatArriveWhileABatchRunsFormTheNextBatch() throws Exception {
        HeldModel model = new HeldModel();
        try (DynamicBatcher batcher =
                new DynamicBatcher(16, NO_DELAY, 100, List.of(model), DynamicBatcher.Observer.NONE)) {
            CompletableFuture<float[]> first = batcher.submit(new float[] {0});
            model.running.await();
            List<CompletableFuture<float[]>> waiting = submit(batcher, 1, 10);
            model.release.countDown();

            assertThat(first.get()).containsExactly(0f);
            for (int i = 0; i < waiting.size(); i++) {
                assertThat(waiting.get(i).get()).containsExactly(i + 1f);
            }
            assertThat(model.batchSizes).containsExactly(1, 10);
        }
    }

    @Test
    void batchesNeverExceedTheMaximumSize() throws Exception {
        HeldModel model = new HeldModel();
        try (DynamicBatcher batcher =
                new DynamicBatcher(8, NO_DELAY, 100, List.of(model), DynamicBatcher.Observer.NONE)) {
            CompletableFuture<float[]> first = batcher.submit(new float[] {0});
            model.running.await();
            List<CompletableFuture<float[]>> waiting = submit(batcher, 1, 20);
            model.release.countDown();

            CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get();
            assertThat(first.get()).containsExactly(0f);
            assertThat(model.batchSizes).containsExactly(1, 8, 8, 4);
        }
    }

    @Test
    void theOldestImageWaitsForOthersUntilTheBatchIsFull() throws Exception {
        HeldModel model = new HeldModel();
        model.release.countDown();
        List<long[]> observed = new CopyOnWriteArrayList<>();
        DynamicBatcher.Observer observer = (size, queued) -> observed.add(queued);
        // a delay far longer than the test: the batch runs because it is full, not because the delay passed
        try (DynamicBatcher batcher = new DynamicBatcher(3, Duration.ofHours(1), 100, List.of(model), observer)) {
            List<CompletableFuture<float[]>> answers = submit(batcher, 0, 3);
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get();
            assertThat(model.batchSizes).containsExactly(3);
            assertThat(observed).hasSize(1);
            assertThat(observed.getFirst()).hasSize(3);
            assertThat(Arrays.stream(observed.getFirst()).min().orElseThrow()).isNotNegative();
        }
    }

    @Test
    void aFailingBatchFailsItsOwnImagesOnly() throws Exception {
        HeldModel model = new HeldModel();
        try (DynamicBatcher batcher =
                new DynamicBatcher(4, NO_DELAY, 100, List.of(model), DynamicBatcher.Observer.NONE)) {
            CompletableFuture<float[]> first = batcher.submit(new float[] {-1});
            model.running.await();
            CompletableFuture<float[]> later = batcher.submit(new float[] {5});
            model.release.countDown();

            assertThatThrownBy(first::get).hasCauseInstanceOf(IllegalStateException.class);
            assertThat(later.get()).containsExactly(5f);
        }
    }

    @Test
    void anIdleWorkerPreparesAnUnpreparedImageOnItsOwnThread() throws Exception {
        HeldModel model = new HeldModel();
        model.release.countDown();
        try (DynamicBatcher batcher =
                new DynamicBatcher(4, NO_DELAY, 100, List.of(model), DynamicBatcher.Observer.NONE)) {
            // the worker polls an empty queue as soon as it starts: idle within the ceiling, never asserted by time
            long ceiling = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!batcher.idle() && System.nanoTime() < ceiling) {
                Thread.onSpinWait();
            }
            assertThat(batcher.idle()).isTrue();
            CompletableFuture<String> preparedOn = new CompletableFuture<>();
            CompletableFuture<float[]> answer = batcher.submitUnprepared(() -> {
                preparedOn.complete(Thread.currentThread().getName());
                return new float[] {7};
            });

            assertThat(answer.get()).containsExactly(7f);
            assertThat(preparedOn.get()).startsWith("fovea-inference-");
        }
    }

    @Test
    void anImageThatFailsItsPreparationFailsAloneAndTheRestOfItsBatchRuns() throws Exception {
        HeldModel model = new HeldModel();
        try (DynamicBatcher batcher =
                new DynamicBatcher(4, NO_DELAY, 100, List.of(model), DynamicBatcher.Observer.NONE)) {
            CompletableFuture<float[]> first = batcher.submit(new float[] {1});
            model.running.await();
            CompletableFuture<float[]> before = batcher.submit(new float[] {2});
            CompletableFuture<float[]> unreadable = batcher.submitUnprepared(() -> {
                throw new InvalidImageException("not an image");
            });
            CompletableFuture<float[]> after = batcher.submit(new float[] {3});
            model.release.countDown();

            assertThat(first.get()).containsExactly(1f);
            assertThatThrownBy(unreadable::get).hasCauseInstanceOf(InvalidImageException.class);
            assertThat(before.get()).containsExactly(2f);
            assertThat(after.get()).containsExactly(3f);
            assertThat(model.batchSizes).containsExactly(1, 2);
        }
    }

    @Test
    void aFullQueueIsRefusedAsOverloaded() throws Exception {
        HeldModel model = new HeldModel();
        try (DynamicBatcher batcher =
                new DynamicBatcher(2, NO_DELAY, 3, List.of(model), DynamicBatcher.Observer.NONE)) {
            batcher.submit(new float[] {0});
            model.running.await();
            List<CompletableFuture<float[]>> queued = submit(batcher, 1, 3);
            CompletableFuture<float[]> refused = batcher.submit(new float[] {9});

            assertThatThrownBy(refused::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(DynamicBatcher.OverloadedException.class)
                    .hasMessageContaining("3 places");
            model.release.countDown();
            CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get();
        }
    }

    @Test
    void closingAnswersEveryQueuedImageThenRefusesNewOnes() throws Exception {
        HeldModel model = new HeldModel();
        DynamicBatcher batcher = new DynamicBatcher(2, NO_DELAY, 100, List.of(model), DynamicBatcher.Observer.NONE);
        CompletableFuture<float[]> first = batcher.submit(new float[] {0});
        model.running.await();
        List<CompletableFuture<float[]>> queued = submit(batcher, 1, 5);
        Thread closing = Thread.ofPlatform().start(batcher::close);
        model.release.countDown();
        closing.join(TimeUnit.MINUTES.toMillis(2));

        assertThat(first.get()).containsExactly(0f);
        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).get()).containsExactly(i + 1f);
        }
        assertThatThrownBy(() -> batcher.submit(new float[] {1}).get())
                .hasCauseInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shutting down");
    }

    private static List<CompletableFuture<float[]>> submit(DynamicBatcher batcher, int from, int count) {
        List<CompletableFuture<float[]>> answers = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            answers.add(batcher.submit(new float[] {i}));
        }
        return answers;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the test never released the model");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
