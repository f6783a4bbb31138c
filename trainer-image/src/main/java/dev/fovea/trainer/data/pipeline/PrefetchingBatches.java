package dev.fovea.trainer.data.pipeline;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.image.PixelGate;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Iterates one epoch's batches while the worker pool decodes the next {@code prefetch} batches ahead. Each batch
 * becomes NDArrays with one {@code create} call for the images and one for the labels. The time spent blocked waiting
 * for a batch is added to {@link PipelineStats}. Undecodable images are logged, counted and left out of their batch;
 * more than {@code maxSkipped} in one epoch is a {@link ClientError}.
 */
final class PrefetchingBatches implements Iterator<Batch> {

    private static final Logger LOG = LoggerFactory.getLogger(PrefetchingBatches.class);

    private final NDManager manager;
    private final ExecutorService pool;
    private final RecordDecoder decoder;
    private final int[] positions;
    private final int epoch;
    private final int batchSize;
    private final int batchCount;
    private final int prefetch;
    private final int chunkSize;
    private final int maxSkipped;
    private final PipelineStats stats;
    private final Deque<PendingBatch> inFlight = new ArrayDeque<>();
    private int submitted;
    private int delivered;
    private int skippedThisEpoch;
    private Batch next;

    PrefetchingBatches(
            NDManager manager,
            ExecutorService pool,
            RecordDecoder decoder,
            int[] positions,
            int epoch,
            BatchPlan plan,
            PipelineStats stats) {
        this.manager = manager;
        this.pool = pool;
        this.decoder = decoder;
        this.positions = positions;
        this.epoch = epoch;
        this.batchSize = plan.batchSize();
        this.batchCount = plan.batchCount(positions.length);
        this.prefetch = plan.prefetch();
        this.chunkSize = plan.chunkSize();
        this.maxSkipped = plan.maxSkipped(positions.length);
        this.stats = stats;
    }

    @Override
    public boolean hasNext() {
        while (next == null && delivered < batchCount) {
            next = fetch();
        }
        return next != null;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has " + batchCount + " batches");
        }
        Batch batch = next;
        next = null;
        return batch;
    }

    private Batch fetch() {
        while (inFlight.size() < prefetch && submitted < batchCount) {
            int from = submitted * batchSize;
            int[] slice = Arrays.copyOfRange(positions, from, Math.min(positions.length, from + batchSize));
            inFlight.add(new PendingBatch(pool, decoder, slice, epoch, chunkSize));
            submitted++;
        }
        long start = System.nanoTime();
        PendingBatch.Decoded decoded;
        try {
            decoded = inFlight.poll().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (RuntimeException e) {
            inFlight.forEach(PendingBatch::cancel);
            throw e;
        }
        long waited = System.nanoTime() - start;
        delivered++;
        countSkipped(decoded);
        stats.recordBatch(waited, decoded.count());
        if (decoded.count() == 0) {
            return null;
        }
        return toBatch(decoded);
    }

    private void countSkipped(PendingBatch.Decoded decoded) {
        if (decoded.skipped().isEmpty()) {
            return;
        }
        decoded.skipped().forEach(reason -> LOG.warn("skipping {}", reason));
        skippedThisEpoch += decoded.skipped().size();
        stats.recordSkipped(decoded.skipped().size());
        if (skippedThisEpoch > maxSkipped) {
            inFlight.forEach(PendingBatch::cancel);
            throw new ClientError(skippedThisEpoch + " undecodable images in epoch " + epoch + " (at most "
                    + maxSkipped + " of this host's " + positions.length + " are skipped), latest: "
                    + decoded.skipped().getLast() + "; images must be JPEG or PNG of at most "
                    + PixelGate.TRAINING_MAX_PIXELS + " pixels");
        }
    }

    private Batch toBatch(PendingBatch.Decoded decoded) {
        int n = decoded.count();
        int labelWidth = decoder.labels().width();
        NDManager batchManager = manager.newSubManager(); // Batch.close() closes it, and with it the arrays
        NDList data = new NDList(ChannelsLast.batch(
                batchManager, decoded.data(), n, new Shape(decoder.channels(), decoder.height(), decoder.width())));
        Shape labelShape = labelWidth == 1 ? new Shape(n) : new Shape(n, labelWidth);
        NDList labels =
                new NDList(batchManager.create(FloatBuffer.wrap(decoded.labels(), 0, n * labelWidth), labelShape));
        return new Batch(batchManager, data, labels, n, Batchifier.STACK, Batchifier.STACK, delivered, batchCount);
    }
}
