package dev.fovea.trainer.data.pipeline;

/**
 * How an epoch is cut into batches and how far decoding runs ahead.
 *
 * @param batchSize images per batch
 * @param dropLast whether a last, smaller batch is left out
 * @param workers decode threads
 * @param prefetch batches decoded ahead of the consumer
 */
record BatchPlan(int batchSize, boolean dropLast, int workers, int prefetch) {

    /** Undecodable images tolerated per epoch: 1% of the shard, at least one. */
    private static final double SKIP_FRACTION = 0.01;

    int batchCount(int records) {
        return dropLast ? records / batchSize : (records + batchSize - 1) / batchSize;
    }

    /** Images per decode task: the batch spread over all workers. */
    int chunkSize() {
        return Math.max(1, (batchSize + workers - 1) / workers);
    }

    int maxSkipped(int records) {
        return Math.max(1, (int) (records * SKIP_FRACTION));
    }
}
