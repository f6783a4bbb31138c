package dev.fovea.trainer.data.pipeline;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.ClientError;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Iterates one epoch's batches (its {@link EpochOrder.Step}s) while the worker pool decodes the next
 * {@code prefetch} batches ahead; each batch is cut into one chunk per worker. Each batch becomes NDArrays with one
 * {@code create} call for the images and one for the labels. The time spent blocked waiting for a batch is added to
 * {@link PipelineStats}. Undecodable images are logged, counted and left out of their batch; more than 1% of the
 * epoch's reads (at least one) is a {@link ClientError}.
 */
final class PrefetchingBatches implements Iterator<Batch> {

    private static final Logger LOG = LoggerFactory.getLogger(PrefetchingBatches.class);
    /** Undecodable images tolerated per epoch: 1% of this host's reads, at least one. */
    private static final double SKIP_FRACTION = 0.01;

    private final NDManager manager;
    private final ExecutorService pool;
    private final RecordDecoder decoder;
    private final List<EpochOrder.Step> steps;
    private final int epoch;
    private final int batchCount;
    private final int prefetch;
    private final int workers;
    private final int reads;
    private final int maxSkipped;
    private final long maxPixels;
    private final PipelineStats stats;
    private final Deque<PendingBatch> inFlight = new ArrayDeque<>();
    private int submitted;
    private int delivered;
    private int skippedThisEpoch;
    private Batch next;

    PrefetchingBatches(
            NDManager manager,
            ExecutorService pool,
            int workers,
            int prefetch,
            RecordDecoder decoder,
            List<EpochOrder.Step> steps,
            int epoch,
            long maxPixels,
            PipelineStats stats) {
        this.manager = manager;
        this.pool = pool;
        this.workers = workers;
        this.prefetch = prefetch;
        this.decoder = decoder;
        this.steps = List.copyOf(steps);
        this.epoch = epoch;
        this.batchCount = steps.size();
        this.reads = steps.stream().mapToInt(EpochOrder.Step::size).sum();
        this.maxSkipped = Math.max(1, (int) (reads * SKIP_FRACTION));
        this.maxPixels = maxPixels;
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
            EpochOrder.Step step = steps.get(submitted);
            int chunkSize = Math.max(1, (step.size() + workers - 1) / workers);
            inFlight.add(new PendingBatch(pool, decoder, step, chunkSize));
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
                    + maxSkipped + " of this host's " + reads + " are skipped), latest: "
                    + decoded.skipped().getLast() + "; images must be JPEG or PNG of at most "
                    + maxPixels + " pixels (" + ContainerEnvironment.MAX_IMAGE_PIXELS + " sets the limit)");
        }
    }

    private Batch toBatch(PendingBatch.Decoded decoded) {
        int n = decoded.count();
        int labelWidth = decoder.labels().width();
        NDManager batchManager = manager.newSubManager(); // Batch.close() closes it, and with it the arrays
        NDList data = new NDList(ChannelsLast.batch(
                batchManager, decoded.data(), n, decoder.preprocessor().imageShape()));
        Shape labelShape = labelWidth == 1 ? new Shape(n) : new Shape(n, labelWidth);
        NDList labels =
                new NDList(batchManager.create(FloatBuffer.wrap(decoded.labels(), 0, n * labelWidth), labelShape));
        return new Batch(batchManager, data, labels, n, Batchifier.STACK, Batchifier.STACK, delivered, batchCount);
    }
}
