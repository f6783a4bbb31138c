package dev.fovea.trainer.publish;

import ai.djl.Model;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.model.NetworkFamily;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the trained model as SageMaker does: rank 0 writes the model directory ({@code /opt/ml/model}:
 * SageMaker's files and {@code model.json}, see {@link ModelDirectory}), packs it as {@code model.tar.gz} into the
 * job's output ({@code /opt/ml/output/model.tar.gz}) and, when the job's output is S3, uploads that tarball. Made
 * before training, so that a malformed S3 output fails the job at once rather than after the last epoch.
 */
public final class ModelPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);

    private final Path modelDirectory;
    private final Path archive;
    private final boolean writes;
    private final Optional<ModelUpload> upload;

    private ModelPublisher(Path modelDirectory, Path archive, boolean writes, Optional<ModelUpload> upload) {
        this.modelDirectory = modelDirectory;
        this.archive = archive;
        this.writes = writes;
        this.upload = upload;
    }

    /**
     * The publisher of one host.
     *
     * @param rankZero whether this host writes the model (the others publish nothing)
     * @param outputDirectory where {@code model.tar.gz} goes ({@code /opt/ml/output})
     * @param env the variables that name the S3 output ({@link dev.fovea.api.contract.ContainerEnvironment#MODEL_S3_URI} and the {@code AWS_*} ones)
     * @throws dev.fovea.trainer.ClientError when the S3 output is malformed
     */
    public static ModelPublisher forHost(
            boolean rankZero, Path modelDirectory, Path outputDirectory, Map<String, String> env, String job) {
        Optional<ModelUpload> upload = rankZero ? ModelUpload.fromEnvironment(env, job) : Optional.empty();
        return new ModelPublisher(modelDirectory, outputDirectory.resolve(ModelArchive.FILE_NAME), rankZero, upload);
    }

    /**
     * Writes the {@code family} network trained with {@code hp}, packs it and uploads it, on rank 0.
     *
     * @param epoch the 0-based epoch whose parameters the model holds
     */
    public Publication publish(Model model, NetworkFamily family, ResolvedHyperParameters hp, int epoch) {
        return publish(model, family, hp, epoch, List.of());
    }

    /**
     * Publishes as {@link #publish(Model, NetworkFamily, ResolvedHyperParameters, int)} does, with the parameters files
     * of earlier checkpointed epochs in the model ({@link CheckpointedEpochs#before}).
     */
    public Publication publish(
            Model model, NetworkFamily family, ResolvedHyperParameters hp, int epoch, List<Path> checkpointedEpochs) {
        if (!writes) {
            return new Publication(null, modelDirectory.toString());
        }
        ModelDirectory.write(
                modelDirectory,
                model,
                ModelDirectory.describe(family, hp),
                epoch,
                hp.miniBatchSize(),
                checkpointedEpochs);
        try {
            Files.createDirectories(archive.getParent());
            ModelArchive.write(modelDirectory, archive);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot pack the model in " + modelDirectory + " into " + archive + ": " + e.getMessage(), e);
        }
        LOG.info("Wrote the model to {} and packed it into {}", modelDirectory, archive);
        String artifact = upload.map(target -> target.upload(archive)).orElse(modelDirectory.toString());
        return new Publication(modelDirectory, artifact);
    }

    /**
     * What a host published.
     *
     * @param directory where the model was written, or {@code null} on a host other than rank 0
     * @param artifact where the job's model is: the {@code s3://} URI of {@code model.tar.gz} when it was uploaded,
     *     else the model directory
     */
    public record Publication(Path directory, String artifact) {}
}
