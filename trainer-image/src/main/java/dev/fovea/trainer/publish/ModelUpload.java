package dev.fovea.trainer.publish;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Uploads the model to the job's S3 output as SageMaker does: {@code <FOVEA_MODEL_S3_URI>/<job>/output/model.tar.gz}.
 * Configured from the variables the operator sets: the URI, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}, {@code AWS_REGION} (or {@code AWS_DEFAULT_REGION}) and {@code AWS_ENDPOINT_URL} (an
 * S3-compatible store such as MinIO, addressed path-style). A malformed URI is a {@link ClientError}; a failed upload
 * is a {@link ModelUploadException}, worth a retry.
 */
public final class ModelUpload {

    private static final Logger LOG = LoggerFactory.getLogger(ModelUpload.class);
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

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
        S3Location prefix = S3Location.parse(uri.strip());
        String key = prefix.key() + jobName + "/output/" + ModelArchive.FILE_NAME;
        return Optional.of(new ModelUpload(new S3Location(prefix.bucket(), key), env));
    }

    /** Where the tarball goes. */
    public S3Location destination() {
        return destination;
    }

    /** Archives {@code modelDirectory} and uploads it; returns the tarball's {@code s3://} URI. */
    public String upload(Path modelDirectory) {
        Path archive = null;
        try {
            archive = Files.createTempFile("model", ".tar.gz");
            ModelArchive.write(modelDirectory, archive);
            try (S3Client s3 = client()) {
                s3.putObject(
                        PutObjectRequest.builder()
                                .bucket(destination.bucket())
                                .key(destination.key())
                                .contentType("application/x-gzip")
                                .build(),
                        RequestBody.fromFile(archive));
            }
            LOG.info("Uploaded the model to {} ({} bytes)", destination.uri(), Files.size(archive));
            return destination.uri();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot archive the model in " + modelDirectory + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new ModelUploadException(
                    "Cannot upload the model to bucket '" + destination.bucket() + "', key '" + destination.key()
                            + "': " + e.getMessage(),
                    e);
        } finally {
            if (archive != null) {
                try {
                    Files.deleteIfExists(archive);
                } catch (IOException ignored) {
                    // a leftover temporary file does not fail the job
                }
            }
        }
    }

    private S3Client client() {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(firstSet(ContainerEnvironment.AWS_REGION, ContainerEnvironment.AWS_DEFAULT_REGION)
                        .orElse("us-east-1")))
                .credentialsProvider(credentials());
        Optional<String> endpoint = firstSet(ContainerEnvironment.AWS_ENDPOINT_URL);
        if (endpoint.isPresent()) {
            // S3-compatible stores: path-style addressing, and no checksums beyond what S3 requires.
            builder.endpointOverride(URI.create(endpoint.get()))
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    /** The Secret's keys when given, else the SDK's default chain (e.g. a pod identity). */
    private AwsCredentialsProvider credentials() {
        Optional<String> id = firstSet(ContainerEnvironment.AWS_ACCESS_KEY_ID);
        Optional<String> secret = firstSet(ContainerEnvironment.AWS_SECRET_ACCESS_KEY);
        if (id.isEmpty() || secret.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        Optional<String> token = firstSet(ContainerEnvironment.AWS_SESSION_TOKEN);
        AwsCredentials credentials = token.isPresent()
                ? AwsSessionCredentials.create(id.get(), secret.get(), token.get())
                : AwsBasicCredentials.create(id.get(), secret.get());
        return StaticCredentialsProvider.create(credentials);
    }

    private Optional<String> firstSet(String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }

    /**
     * An object in S3.
     *
     * @param key the object key; for a prefix, empty or ending in {@code /}
     */
    public record S3Location(String bucket, String key) {

        /** Parses {@code s3://bucket/prefix/} as a prefix (the key gains a trailing {@code /}). */
        public static S3Location parse(String uri) {
            URI parsed;
            try {
                parsed = new URI(uri);
            } catch (URISyntaxException e) {
                throw malformed(uri, e.getReason());
            }
            if (!"s3".equals(parsed.getScheme()) || parsed.getAuthority() == null) {
                throw malformed(uri, "it does not start with s3://<bucket>");
            }
            String bucket = parsed.getAuthority();
            if (!BUCKET.matcher(bucket).matches()) {
                throw malformed(
                        uri,
                        "'" + bucket + "' is not a bucket name (3 to 63 lowercase letters, digits, "
                                + "dots and hyphens)");
            }
            if (parsed.getQuery() != null || parsed.getFragment() != null) {
                throw malformed(uri, "an S3 prefix has no query or fragment");
            }
            String prefix = parsed.getPath() == null ? "" : parsed.getPath().replaceFirst("^/+", "");
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
            return new S3Location(bucket, prefix);
        }

        /** {@code s3://bucket/key}. */
        public String uri() {
            return "s3://" + bucket + "/" + key;
        }

        private static ClientError malformed(String uri, String why) {
            return new ClientError(ContainerEnvironment.MODEL_S3_URI + " (spec.outputDataConfig.s3.uri) is '" + uri
                    + "'; it must be s3://<bucket>/<prefix>/: " + why);
        }
    }

    /** The model could not be uploaded: the bucket, the credentials or the endpoint failed; worth a retry. */
    public static final class ModelUploadException extends RuntimeException {

        public ModelUploadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
