package dev.fovea.trainer.publish;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.s3.S3Clients;
import dev.fovea.trainer.s3.S3Location;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Uploads the model to the job's S3 output as SageMaker does: {@code <FOVEA_MODEL_S3_URI>/<job>/output/model.tar.gz}.
 * Configured from the variables the operator sets: the URI and the {@code AWS_*} variables {@link S3Clients} reads.
 * A malformed URI is a {@link ClientError}; a failed upload is a {@link ModelUploadException}, worth a retry.
 */
public final class ModelUpload {

    private static final Logger LOG = LoggerFactory.getLogger(ModelUpload.class);

    private final S3Location destination;
    private final Map<String, String> env;

    private ModelUpload(S3Location destination, Map<String, String> env) {
        this.destination = destination;
        this.env = env;
    }

    /** The upload {@code env} asks for, or empty when {@link ContainerEnvironment#MODEL_S3_URI} is unset. */
    public static Optional<ModelUpload> fromEnvironment(Map<String, String> env, String jobName) {
        String uri = env.get(ContainerEnvironment.MODEL_S3_URI);
        if (uri == null || uri.isBlank()) {
            return Optional.empty();
        }
        S3Location prefix = S3Location.parsePrefix(
                uri.strip(), ContainerEnvironment.MODEL_S3_URI + " (spec.outputDataConfig.s3.uri)");
        String key = prefix.key() + jobName + "/output/" + ModelArchive.FILE_NAME;
        return Optional.of(new ModelUpload(new S3Location(prefix.bucket(), key), env));
    }

    /** Where the tarball goes. */
    public S3Location destination() {
        return destination;
    }

    /** Uploads the model's tarball ({@link ModelArchive}); returns its {@code s3://} URI. */
    public String upload(Path archive) {
        try (S3Client s3 = S3Clients.fromEnvironment(env)) {
            s3.putObject(
                    PutObjectRequest.builder()
                            .bucket(destination.bucket())
                            .key(destination.key())
                            .contentType("application/x-gzip")
                            .build(),
                    RequestBody.fromFile(archive));
            LOG.info(
                    "Uploaded the model to {} ({} bytes)",
                    destination.uri(),
                    archive.toFile().length());
            return destination.uri();
        } catch (SdkException e) {
            throw new ModelUploadException(
                    "Cannot upload the model to bucket '" + destination.bucket() + "', key '" + destination.key()
                            + "': " + e.getMessage(),
                    e);
        }
    }

    /** The model could not be uploaded: the bucket, the credentials or the endpoint failed; worth a retry. */
    public static final class ModelUploadException extends RuntimeException {

        public ModelUploadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
