package dev.fovea.trainer.data.pipeline;

import dev.fovea.trainer.ClientError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One batch being decoded by the worker pool. The batch is cut into chunks, one task each; every task fills its own
 * slots of the batch's shared float arrays, so no copying is needed until skipped images are squeezed out.
 */
final class PendingBatch {

    /** A decoded batch, ready to become NDArrays: {@code count} images and their labels. */
    record Decoded(float[] data, float[] labels, int count, List<String> skipped) {}

    private final float[] data;
    private final float[] labels;
    private final boolean[] usable;
    private final List<Future<List<String>>> chunks = new ArrayList<>();
    private final RecordDecoder decoder;

    PendingBatch(ExecutorService pool, RecordDecoder decoder, EpochOrder.Step step, int chunkSize) {
        this.decoder = decoder;
        this.data = new float[step.size() * decoder.imageFloats()];
        this.labels = new float[step.size() * decoder.labels().width()];
        this.usable = new boolean[step.size()];
        for (int start = 0; start < step.size(); start += chunkSize) {
            int from = start;
            int to = Math.min(step.size(), start + chunkSize);
            chunks.add(pool.submit(() -> decodeSlots(step, from, to)));
        }
    }

    private List<String> decodeSlots(EpochOrder.Step step, int from, int to) {
        List<String> skipped = new ArrayList<>();
        for (int slot = from; slot < to; slot++) {
            String problem = decoder.decodeInto(step.positions()[slot], step.passes()[slot], data, labels, slot);
            usable[slot] = problem == null;
            if (problem != null) {
                skipped.add(problem);
            }
        }
        return skipped;
    }

    /** Waits for all chunks; a chunk's {@link ClientError} (bad data) is rethrown as is. */
    Decoded await() throws InterruptedException {
        List<String> skipped = new ArrayList<>();
        for (Future<List<String>> chunk : chunks) {
            try {
                skipped.addAll(chunk.get());
            } catch (ExecutionException e) {
                cancel();
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("decoding a batch failed", e.getCause());
            } catch (CancellationException e) {
                throw new IllegalStateException("the batch was cancelled", e);
            }
        }
        return skipped.isEmpty() ? new Decoded(data, labels, usable.length, skipped) : compact(skipped);
    }

    private Decoded compact(List<String> skipped) {
        int imageFloats = decoder.imageFloats();
        int labelWidth = decoder.labels().width();
        int count = 0;
        for (int slot = 0; slot < usable.length; slot++) {
            if (usable[slot]) {
                System.arraycopy(data, slot * imageFloats, data, count * imageFloats, imageFloats);
                System.arraycopy(labels, slot * labelWidth, labels, count * labelWidth, labelWidth);
                count++;
            }
        }
        return new Decoded(data, labels, count, skipped);
    }

    /** Drops chunks not yet started; running ones finish (interrupting a read would close the shared channel). */
    void cancel() {
        for (Future<List<String>> chunk : chunks) {
            chunk.cancel(false);
        }
    }
}
