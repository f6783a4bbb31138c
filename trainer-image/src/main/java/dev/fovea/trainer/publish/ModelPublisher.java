package dev.fovea.trainer.publish;

import ai.djl.Model;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.model.NetworkFamily;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the trained model as SageMaker does: rank 0 writes the model directory ({@code /opt/ml/model}:
 * {@code model.json} and the parameters) and, when the job's output is S3, uploads it as {@code model.tar.gz}. Made
 * before training, so that a malformed S3 output fails the job at once rather than after the last epoch.
 */
public final class ModelPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);

    private final Path modelDirectory;
    private final boolean writes;
    private final Optional<ModelUpload> upload;

    private ModelPublisher(Path modelDirectory, boolean writes, Optional<ModelUpload> upload) {
        this.modelDirectory = modelDirectory;
        this.writes = writes;
        this.upload = upload;
    }

    /**
     * The publisher of one host.
     *
     * @param rankZero whether this host writes the model (the others publish nothing)
     * @param env the variables that name the S3 output ({@link dev.fovea.api.contract.ContainerEnvironment#MODEL_S3_URI} and the {@code AWS_*} ones)
     * @throws dev.fovea.trainer.ClientError when the S3 output is malformed
     */
    public static ModelPublisher forHost(boolean rankZero, Path modelDirectory, Map<String, String> env, String job) {
        Optional<ModelUpload> upload = rankZero ? ModelUpload.fromEnvironment(env, job) : Optional.empty();
        return new ModelPublisher(modelDirectory, rankZero, upload);
    }

    /** Writes the {@code family} network trained with {@code hp} and uploads it, on rank 0. */
    public Publication publish(Model model, NetworkFamily family, ResolvedHyperParameters hp) {
        if (!writes) {
            return new Publication(null, modelDirectory.toString());
        }
        ModelDirectory.write(modelDirectory, model, ModelDirectory.describe(family, hp));
        LOG.info("Wrote the model to {}", modelDirectory);
        String artifact = upload.map(target -> target.upload(modelDirectory)).orElse(modelDirectory.toString());
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
