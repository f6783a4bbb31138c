package dev.fovea.trainer.data.pipeline;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Progress;
import dev.fovea.api.spec.AugmentationType;
import dev.fovea.api.spec.LabelFormat;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.augment.AugmenterChain;
import dev.fovea.trainer.data.image.PixelLimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
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
 * Call {@link #setEpoch} before each epoch: training reads that epoch's steps of the stream {@link EpochOrder}
 * describes (every host of a gang its own slice of each step, all hosts the same number of steps); validation reads
 * the channel once in order. Close it to stop the pool.
 */
public final class ImageDataset implements Dataset, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImageDataset.class);

    private final ImageSource source;
    private final RecordDecoder decoder;
    private final EpochOrder order;
    private final boolean training;
    private final int batchSize;
    private final int workers;
    private final int prefetch;
    private final LabelCheck labels;
    private final long maxPixels;
    private final ExecutorService pool;
    private final PipelineStats stats = new PipelineStats();
    private volatile int epoch;

    private ImageDataset(Builder builder) {
        this.source = builder.source;
        AugmenterChain chain = AugmenterChain.of(
                builder.augmentation, builder.training, builder.resize, builder.width, builder.height);
        this.maxPixels = PixelLimit.forJob(builder.height, builder.width, builder.resize, builder.maxPixels);
        ImagePreprocessor preprocessor = ImagePreprocessor.forPipeline(
                chain,
                Normalization.forChannels(builder.channels),
                maxPixels,
                builder.channels,
                builder.height,
                builder.width);
        this.labels = new LabelCheck(builder.numClasses, builder.multiLabel, builder.labelFormat);
        this.decoder = new RecordDecoder(source, preprocessor, labels, builder.seed);
        this.order = builder.order();
        this.training = builder.training;
        this.batchSize = builder.batchSize;
        this.workers = builder.workers;
        this.prefetch = builder.prefetch;
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
                manager, pool, workers, prefetch, decoder, reads(current), current, maxPixels, stats);
    }

    private List<EpochOrder.Step> reads(int epoch) {
        return training ? order.epoch(epoch) : EpochOrder.inOrder(source.size(), batchSize, epoch);
    }

    /** Nothing to download or index: the source is opened and indexed when the dataset is built. */
    @Override
    public void prepare(Progress progress) {}

    /** Records in the channel (on this host: all of them, or its own share when the channel is sharded by key). */
    public long size() {
        return source.size();
    }

    /** The number of batches this host reads in {@code epoch}. */
    public int steps(int epoch) {
        return training ? order.steps(epoch) : (source.size() + batchSize - 1) / batchSize;
    }

    /**
     * How many records carry each class: reads every record's labels once (for a RecordIO channel only the headers).
     *
     * @throws dev.fovea.trainer.ClientError naming the record whose label is not a class
     */
    public long[] classCounts() {
        try {
            return labels.count(source);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the labels of " + source.description(), e);
        }
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
                + " holds " + source.size() + " images; lr_scheduler_step counts epochs of num_training_samples"
                + " images, as SageMaker does, so the learning rate drops at other epochs than the data's";
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
        private long maxPixels;
        private AugmentationType augmentation;
        private Boolean training;
        private int batchSize;
        private int numClasses;
        private boolean multiLabel;
        private LabelFormat labelFormat = LabelFormat.MULTI_HOT;
        private int rank;
        private int hosts = 1;
        private int ownStepsPerEpoch;
        private long seed;
        private int workers = Runtime.getRuntime().availableProcessors();
        private int prefetch = 2;

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

        /** How multi-label labels are written: 0/1 vectors (the default) or lists of class ids. */
        public Builder optLabelFormat(LabelFormat labelFormat) {
            this.labelFormat = labelFormat;
            return this;
        }

        /**
         * Training on host {@code rank} of {@code hosts} that hold the same records: each step the gang reads
         * {@code hosts} batches, this host the {@code rank}-th; an epoch is one pass over the records.
         */
        public Builder optShard(int rank, int hosts) {
            this.rank = rank;
            this.hosts = hosts;
            return this;
        }

        /**
         * Training on records that are this host's own share of the channel (ShardedByS3Key): every epoch is
         * {@code stepsPerEpoch} steps, the same number on every host.
         */
        public Builder optOwnShard(int stepsPerEpoch) {
            this.ownStepsPerEpoch = stepsPerEpoch;
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

        /**
         * The most pixels an image may declare to be decoded ({@code FOVEA_MAX_IMAGE_PIXELS}); by default
         * {@link PixelLimit#forJob} derives it from the image shape and resize.
         */
        public Builder optMaxPixels(long maxPixels) {
            this.maxPixels = maxPixels;
            return this;
        }

        /** Batches decoded ahead of the training loop; defaults to 2. */
        public Builder optPrefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        private EpochOrder order() {
            return ownStepsPerEpoch > 0
                    ? EpochOrder.ownShard(seed, source.size(), batchSize, ownStepsPerEpoch)
                    : EpochOrder.gang(seed, source.size(), batchSize, rank, hosts);
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
                    || hosts < 1
                    || rank < 0
                    || rank >= hosts) {
                throw new IllegalArgumentException("numClasses " + numClasses + ", batchSize " + batchSize
                        + ", workers " + workers + ", prefetch " + prefetch + " must be positive and rank " + rank
                        + " in [0, " + hosts + ")");
            }
            int needed = ownStepsPerEpoch > 0 ? batchSize : hosts * batchSize;
            if (training && source.size() < needed) {
                throw new ClientError("The number of input images must be bigger or equal to the mini_batch_size"
                        + (needed > batchSize ? " times the number of hosts" : "") + ": " + source.description()
                        + " holds " + source.size() + " images, mini_batch_size is " + batchSize
                        + (needed > batchSize ? " on each of " + hosts + " hosts (" + needed + " per step)" : ""));
            }
            return new ImageDataset(this);
        }
    }
}
