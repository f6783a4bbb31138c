package dev.fovea.trainer.data.pipeline;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Progress;
import dev.fovea.api.spec.AugmentationType;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.augment.AugmenterChain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's images as a DJL {@link Dataset}: batches of float32 {@code [N, C, H, W]} images normalised as
 * {@link Normalization} describes, with float32 labels {@code [N]} (class indices) or {@code [N, numClasses]}
 * (multi-hot, multi-label). Decoding and augmentation run on a pool of worker threads ahead of the training loop.
 * Call {@link #setEpoch} before each epoch: training data is reshuffled with a seed derived from (seed, epoch), the
 * same on every host, and each host reads its own disjoint shard (see {@link EpochOrder}). Close it to stop the pool.
 */
public final class ImageDataset implements Dataset, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImageDataset.class);

    private final ImageSource source;
    private final RecordDecoder decoder;
    private final EpochOrder order;
    private final BatchPlan plan;
    private final ExecutorService pool;
    private final PipelineStats stats = new PipelineStats();
    private volatile int epoch;

    private ImageDataset(Builder builder) {
        this.source = builder.source;
        AugmenterChain chain = AugmenterChain.of(
                builder.augmentation, builder.training, builder.resize, builder.width, builder.height);
        ImagePreprocessor preprocessor = ImagePreprocessor.forPipeline(
                chain, Normalization.forChannels(builder.channels), builder.channels, builder.height, builder.width);
        this.decoder = new RecordDecoder(
                source, preprocessor, new LabelCheck(builder.numClasses, builder.multiLabel), builder.seed);
        this.order = new EpochOrder(builder.seed, builder.training, builder.training, builder.rank, builder.shards);
        this.plan = new BatchPlan(builder.batchSize, builder.dropLast, builder.workers, builder.prefetch);
        this.pool = Executors.newFixedThreadPool(builder.workers, decodeThreads());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Selects the epoch whose order {@link #getData} delivers next. */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) {
        int current = epoch;
        return () -> new PrefetchingBatches(
                manager, pool, decoder, order.positions(source.size(), current), current, plan, stats);
    }

    /** Nothing to download or index: the source is opened and indexed when the dataset is built. */
    @Override
    public void prepare(Progress progress) {}

    /** Records in this host's shard per epoch. */
    public long size() {
        return order.shardSize(source.size());
    }

    /** Records in the channel, all hosts together. */
    public long totalSize() {
        return source.size();
    }

    public int batchesPerEpoch() {
        return plan.batchCount((int) size());
    }

    public PipelineStats stats() {
        return stats;
    }

    /**
     * Compares the user's {@code num_training_samples} with the records found. A difference is not fatal (SageMaker
     * only warns that the learning-rate schedule and distributed accuracy may suffer), so it is logged and returned.
     */
    public Optional<String> checkNumTrainingSamples(long numTrainingSamples) {
        if (numTrainingSamples == source.size()) {
            return Optional.empty();
        }
        String warning = "num_training_samples is " + numTrainingSamples + " but " + source.description()
                + " holds " + source.size() + " images; lr_scheduler_step epochs are counted from the images"
                + " actually read, and distributed training accuracy may be affected";
        LOG.warn(warning);
        return Optional.of(warning);
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS); // batches already queued are short; let them finish
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            source.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory decodeThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "fovea-decode-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Builds an {@link ImageDataset}; {@code set*} are required, {@code opt*} optional. */
    public static final class Builder {

        private ImageSource source;
        private int channels;
        private int height;
        private int width;
        private int resize;
        private AugmentationType augmentation;
        private Boolean training;
        private int batchSize;
        private int numClasses;
        private boolean multiLabel;
        private int rank;
        private int shards = 1;
        private long seed;
        private int workers = Runtime.getRuntime().availableProcessors();
        private int prefetch = 2;
        private boolean dropLast;

        private Builder() {}

        public Builder setSource(ImageSource source) {
            this.source = source;
            return this;
        }

        public Builder setImageShape(int channels, int height, int width) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            return this;
        }

        /** Resizes the shorter side to {@code shorterSide} before cropping; 0 keeps the decoded size. */
        public Builder optResize(int shorterSide) {
            this.resize = shorterSide;
            return this;
        }

        /** SageMaker's {@code augmentation_type}; {@code null} = none. Only applied when training. */
        public Builder optAugmentation(AugmentationType augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** {@code true} shuffles and augments; {@code false} (validation) keeps order and centre-crops. */
        public Builder setTraining(boolean training) {
            this.training = training;
            return this;
        }

        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        public Builder optMultiLabel(boolean multiLabel) {
            this.multiLabel = multiLabel;
            return this;
        }

        /** This host's place in the gang: reads shard {@code rank} of {@code shards}. */
        public Builder optShard(int rank, int shards) {
            this.rank = rank;
            this.shards = shards;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Decode threads; defaults to the number of cores. */
        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Batches decoded ahead of the training loop; defaults to 2. */
        public Builder optPrefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        public ImageDataset build() {
            if (source == null || training == null) {
                throw new IllegalStateException("setSource and setTraining are required");
            }
            if ((channels != 1 && channels != 3) || height < 1 || width < 1) {
                throw new ClientError("image_shape " + channels + "," + height + "," + width
                        + " must be channels,height,width with 1 or 3 channels and a positive size");
            }
            if (numClasses < 1
                    || batchSize < 1
                    || workers < 1
                    || prefetch < 1
                    || shards < 1
                    || rank < 0
                    || rank >= shards) {
                throw new IllegalArgumentException("numClasses " + numClasses + ", batchSize " + batchSize
                        + ", workers " + workers + ", prefetch " + prefetch + " must be positive and rank " + rank
                        + " in [0, " + shards + ")");
            }
            int shardSize = new EpochOrder(seed, training, training, rank, shards).shardSize(source.size());
            if (training && shardSize < batchSize) {
                throw new ClientError("The number of input images must be bigger or equal to the mini_batch_size."
                        + " This host reads " + shardSize + " of the " + source.size() + " images in "
                        + source.description() + " (" + shards + " host(s)), mini_batch_size is " + batchSize);
            }
            return new ImageDataset(this);
        }
    }
}
