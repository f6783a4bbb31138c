package dev.fovea.trainer.train;

import ai.djl.ndarray.types.Shape;
import dev.fovea.api.contract.ChannelInput;
import dev.fovea.api.contract.InputDataConfigFile;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ImageShape;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.pipeline.ImageDataset;
import dev.fovea.trainer.data.pipeline.ImageSource;
import dev.fovea.trainer.data.pipeline.ImageSources;
import dev.fovea.trainer.schedule.EpochSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The train and validation channels of a job as {@link ImageDataset}s, with SageMaker's batch semantics: every host
 * trains {@code mini_batch_size} images per step (the gang {@code hosts × mini_batch_size}), and an epoch reads the
 * training set once across the gang (each host a disjoint slice of every step). A train channel sharded by key holds
 * only this host's share; each host then trains SageMaker's {@link EpochSize} steps per epoch on its own images. Every
 * host validates on the whole validation channel, so that under dist_sync all hosts see the same validation accuracy
 * and agree on best-validation checkpoints and early stopping.
 */
public final class JobDatasets implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobDatasets.class);

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
     * @param maxImagePixels {@code FOVEA_MAX_IMAGE_PIXELS}, or 0 for the limit derived from the image shape and resize
     */
    public static JobDatasets open(
            MlRoot root,
            InputDataConfigFile channels,
            ResolvedHyperParameters hp,
            int rank,
            int hosts,
            long seed,
            long maxImagePixels) {
        if (!channels.has(ChannelName.TRAIN)) {
            throw new ClientError(InputDataConfigFile.FILE_NAME + " has no 'train' channel; the Image Classification"
                    + " algorithm needs one (and optionally 'validation')");
        }
        if (hp.earlyStopping() && !channels.has(ChannelName.VALIDATION)) {
            throw new ClientError("early_stopping=True needs a 'validation' channel: early stopping ends training when"
                    + " validation accuracy stops improving, and this job has no validation data to watch");
        }
        int batchSize = hp.miniBatchSize();
        ChannelInput trainChannel = channels.channel(ChannelName.TRAIN);
        ImageDataset.Builder trainBuilder = builder(
                        root, channels, ChannelName.TRAIN, ChannelName.TRAIN_LST, hp, seed, maxImagePixels)
                .setTraining(true)
                .optAugmentation(hp.augmentationType().orElse(null));
        ImageDataset train;
        if (trainChannel.sharded()) {
            int steps = EpochSize.stepsPerEpoch(hp, hosts);
            train = trainBuilder.optOwnShard(steps).build();
            LOG.info(
                    "The train channel is sharded by key: this host trains {} steps per epoch on its {} images",
                    steps,
                    train.size());
        } else {
            train = trainBuilder.optShard(rank, hosts).build();
            train.checkNumTrainingSamples(hp.numTrainingSamples());
        }
        ImageDataset validation = channels.has(ChannelName.VALIDATION)
                ? builder(root, channels, ChannelName.VALIDATION, ChannelName.VALIDATION_LST, hp, seed, maxImagePixels)
                        .setTraining(false)
                        .build()
                : null;
        ImageShape image = hp.imageShape();
        return new JobDatasets(
                train, validation, new Shape(batchSize, image.channels(), image.height(), image.width()));
    }

    private static ImageDataset.Builder builder(
            MlRoot root,
            InputDataConfigFile channels,
            ChannelName channel,
            ChannelName lstChannel,
            ResolvedHyperParameters hp,
            long seed,
            long maxImagePixels) {
        ImageShape shape = hp.imageShape();
        ChannelInput input = channels.channel(channel);
        return ImageDataset.builder()
                .setSource(source(root, input, channel, lstChannel))
                .setImageShape(shape.channels(), shape.height(), shape.width())
                .optResize(hp.resize().orElse(0))
                .optMaxPixels(maxImagePixels)
                .setBatchSize(hp.miniBatchSize())
                .setNumClasses(hp.numClasses())
                .optMultiLabel(hp.multiLabel())
                .optLabelFormat(input.labelFormat())
                .optSeed(seed);
    }

    private static ImageSource source(MlRoot root, ChannelInput input, ChannelName channel, ChannelName lstChannel) {
        Path lstDir = root.channelDir(lstChannel);
        try {
            return ImageSources.forChannel(root.channelDir(channel), Files.isDirectory(lstDir) ? lstDir : null, input);
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
