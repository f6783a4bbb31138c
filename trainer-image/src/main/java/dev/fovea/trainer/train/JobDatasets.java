package dev.fovea.trainer.train;

import ai.djl.ndarray.types.Shape;
import dev.fovea.api.contract.InputDataConfigFile;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.ImageShape;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.pipeline.ImageDataset;
import dev.fovea.trainer.data.pipeline.ImageSource;
import dev.fovea.trainer.data.pipeline.ImageSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The train and validation channels of a job as {@link ImageDataset}s. Each host reads its own shard of the training
 * data ({@code miniBatchSize / hosts} images per step); every host validates on the whole validation channel, so that
 * under dist_sync all hosts see the same validation accuracy and agree on best-validation checkpoints.
 */
public final class JobDatasets implements AutoCloseable {

    private final ImageDataset train;
    private final ImageDataset validation;
    private final Shape batchShape;

    private JobDatasets(ImageDataset train, ImageDataset validation, Shape batchShape) {
        this.train = train;
        this.validation = validation;
        this.batchShape = batchShape;
    }

    /**
     * @param rank this host's index in {@code resourceconfig.json}'s hosts
     * @param hosts how many hosts train together
     * @param seed the data-order seed, the same on every host
     */
    public static JobDatasets open(
            MlRoot root, InputDataConfigFile channels, ResolvedHyperParameters hp, int rank, int hosts, long seed) {
        if (!channels.has(ChannelName.TRAIN)) {
            throw new ClientError(InputDataConfigFile.FILE_NAME + " has no 'train' channel; the Image Classification"
                    + " algorithm needs one (and optionally 'validation')");
        }
        int batchSize = hostBatchSize(hp.miniBatchSize(), hosts);
        ImageDataset train = builder(root, channels, ChannelName.TRAIN, ChannelName.TRAIN_LST, hp, batchSize, seed)
                .setTraining(true)
                .optAugmentation(hp.augmentationType().orElse(null))
                .optShard(rank, hosts)
                .build();
        train.checkNumTrainingSamples(hp.numTrainingSamples());
        ImageDataset validation = channels.has(ChannelName.VALIDATION)
                ? builder(root, channels, ChannelName.VALIDATION, ChannelName.VALIDATION_LST, hp, batchSize, seed)
                        .setTraining(false)
                        .build()
                : null;
        ImageShape image = hp.imageShape();
        return new JobDatasets(
                train, validation, new Shape(batchSize, image.channels(), image.height(), image.width()));
    }

    /** SageMaker's miniBatchSize is the global batch: each host takes an equal share. */
    static int hostBatchSize(int miniBatchSize, int hosts) {
        if (miniBatchSize < hosts) {
            throw new ClientError("mini_batch_size " + miniBatchSize + " is smaller than the " + hosts
                    + " hosts that share each batch; use at least one image per host");
        }
        return miniBatchSize / hosts;
    }

    private static ImageDataset.Builder builder(
            MlRoot root,
            InputDataConfigFile channels,
            ChannelName channel,
            ChannelName lstChannel,
            ResolvedHyperParameters hp,
            int batchSize,
            long seed) {
        ImageShape shape = hp.imageShape();
        return ImageDataset.builder()
                .setSource(source(root, channels, channel, lstChannel))
                .setImageShape(shape.channels(), shape.height(), shape.width())
                .optResize(hp.resize().orElse(0))
                .setBatchSize(batchSize)
                .setNumClasses(hp.numClasses())
                .optMultiLabel(hp.multiLabel())
                .optSeed(seed);
    }

    private static ImageSource source(
            MlRoot root, InputDataConfigFile channels, ChannelName channel, ChannelName lstChannel) {
        Path lstDir = root.channelDir(lstChannel);
        ContentType type = channels.contentType(channel);
        try {
            return ImageSources.forChannel(
                    root.channelDir(channel),
                    Files.isDirectory(lstDir) ? lstDir : null,
                    type == null ? null : type.sageMakerName());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot open channel " + root.channelDir(channel) + ": " + e.getMessage(), e);
        }
    }

    public ImageDataset train() {
        return train;
    }

    /** The shape {@code (N, c, h, w)} of this host's training batches, which the network is initialised with. */
    public Shape batchShape() {
        return batchShape;
    }

    /** The validation channel, or {@code null} when the job has none. */
    public ImageDataset validation() {
        return validation;
    }

    /** The datasets as the loop consumes them. */
    public TrainingData asTrainingData() {
        return new TrainingData(train, validation, epoch -> {
            train.setEpoch(epoch);
            if (validation != null) {
                validation.setEpoch(epoch);
            }
        });
    }

    @Override
    public void close() {
        train.close();
        if (validation != null) {
            validation.close();
        }
    }
}
