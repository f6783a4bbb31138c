package dev.fovea.trainer.publish;

import ai.djl.nn.Block;
import dev.fovea.trainer.model.SageMakerResNet;
import dev.fovea.trainer.model.sagemaker.SageMakerModelFiles;
import dev.fovea.trainer.model.sagemaker.SageMakerModelWriter;
import dev.fovea.trainer.train.EpochMetrics;
import dev.fovea.trainer.train.RunListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The parameters of every checkpointed epoch of a job that sets {@code checkpoint_frequency}, for its model artifact:
 * SageMaker puts each checkpoint's {@code image-classification-NNNN.params} into {@code model.tar.gz}. Fovea's own
 * checkpoints rotate (and hold the optimizer's state too), so when one is written its parameters are also written in
 * SageMaker's format into a folder of the checkpoint volume ({@value #FOLDER}), where they outlast a restart of the
 * host; {@link ModelPublisher} copies them into the model.
 */
public final class CheckpointedEpochs implements RunListener {

    /** The folder under the checkpoint directory that holds them. */
    public static final String FOLDER = "model-epochs";

    private final Path directory;
    private final SageMakerResNet network;
    private int lastEpoch = -1;

    private CheckpointedEpochs(Path checkpoints, SageMakerResNet network) {
        this.directory = checkpoints.resolve(FOLDER);
        this.network = network;
    }

    /**
     * The listener of a host whose model holds its checkpointed epochs: rank 0 (which writes the checkpoints and the
     * model) of a job that sets {@code checkpoint_frequency} and trains SageMaker's network (the torchvision-style one
     * has no SageMaker files).
     *
     * @param checkpoints the job's checkpoint directory
     * @param network the bare network, whose parameters are those of the epoch just checkpointed when one is written
     */
    public static Optional<CheckpointedEpochs> forJob(
            Path checkpoints, OptionalInt frequency, boolean rankZero, Block network) {
        return rankZero && frequency.isPresent() && network instanceof SageMakerResNet resNet
                ? Optional.of(new CheckpointedEpochs(checkpoints, resNet))
                : Optional.empty();
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        lastEpoch = metrics.epoch();
    }

    @Override
    public void onCheckpointWritten(Path checkpoint) {
        try {
            Files.createDirectories(directory);
            SageMakerModelWriter.writeParameters(directory, network, lastEpoch + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot keep the parameters of epoch " + (lastEpoch + 1) + " for the model in " + directory + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * The parameters files of the checkpointed epochs before {@code modelEpoch} (0-based; the model's own file is
     * written afresh), oldest first. Files of later epochs, left by a run abandoned for an older checkpoint, are not
     * the job's.
     */
    public List<Path> before(int modelEpoch) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> {
                        OptionalInt epoch =
                                SageMakerModelFiles.epochOf(file.getFileName().toString());
                        return epoch.isPresent() && epoch.getAsInt() <= modelEpoch;
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot list the checkpointed epochs in " + directory + ": " + e.getMessage(), e);
        }
    }
}
