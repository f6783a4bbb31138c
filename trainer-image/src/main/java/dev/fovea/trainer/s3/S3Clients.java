package dev.fovea.trainer.s3;

import dev.fovea.api.contract.ContainerEnvironment;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The S3 client of every Fovea part that talks to S3, configured from the variables the operator sets from a
 * channel's or output's {@code s3} block: {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}, {@code AWS_REGION} (or {@code AWS_DEFAULT_REGION}, else us-east-1) and
 * {@code AWS_ENDPOINT_URL} (an S3-compatible store such as MinIO, addressed path-style). Without keys, the SDK's
 * default chain applies (e.g. a pod identity).
 */
public final class S3Clients {

    private S3Clients() {}

    /** A client for {@code env}; the caller closes it. */
    public static S3Client fromEnvironment(Map<String, String> env) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(
                        firstSet(env, ContainerEnvironment.AWS_REGION, ContainerEnvironment.AWS_DEFAULT_REGION)
                                .orElse("us-east-1")))
                .credentialsProvider(credentials(env));
        Optional<String> endpoint = firstSet(env, ContainerEnvironment.AWS_ENDPOINT_URL);
        if (endpoint.isPresent()) {
            // S3-compatible stores: path-style addressing, and no checksums beyond what S3 requires.
            builder.endpointOverride(URI.create(endpoint.get()))
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(Map<String, String> env) {
        Optional<String> id = firstSet(env, ContainerEnvironment.AWS_ACCESS_KEY_ID);
        Optional<String> secret = firstSet(env, ContainerEnvironment.AWS_SECRET_ACCESS_KEY);
        if (id.isEmpty() || secret.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        Optional<String> token = firstSet(env, ContainerEnvironment.AWS_SESSION_TOKEN);
        AwsCredentials credentials = token.isPresent()
                ? AwsSessionCredentials.create(id.get(), secret.get(), token.get())
                : AwsBasicCredentials.create(id.get(), secret.get());
        return StaticCredentialsProvider.create(credentials);
    }

    private static Optional<String> firstSet(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }
}
