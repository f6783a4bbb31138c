package dev.fovea.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.FreePorts;
import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.publish.ModelUpload.ModelUploadException;
import dev.fovea.trainer.s3.S3Location;
import dev.fovea.trainer.s3.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The model's upload against a real S3 API (S3Proxy, in memory, on loopback). */
class ModelUploadTest {

    private static final String BUCKET = "models";

    private static S3ProxyServer s3;

    @TempDir
    Path temp;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start(BUCKET);
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void uploadsTheModelDirectoryAsSageMakersTarball() throws IOException {
        Path model = temp.resolve("model");
        Files.createDirectories(model.resolve("extra"));
        Files.writeString(model.resolve("model-symbol.json"), "{\"nodes\": []}");
        byte[] params = new byte[70_000];
        new Random(7).nextBytes(params);
        Files.write(model.resolve("model-0000.params"), params);
        Files.writeString(model.resolve("extra/classes.txt"), "cat\ndog\n");

        ModelUpload upload = ModelUpload.fromEnvironment(env("s3://" + BUCKET + "/runs"), "cats")
                .orElseThrow();
        String uri = upload.upload(archive(model));

        assertThat(uri).isEqualTo("s3://models/runs/cats/output/model.tar.gz");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (S3Client client = s3.client();
                InputStream object =
                        client.getObject(request -> request.bucket(BUCKET).key("runs/cats/output/model.tar.gz"));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(object))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName(), entry.isDirectory() ? null : tar.readAllBytes());
            }
        }
        assertThat(entries.keySet())
                .containsExactly("extra/", "extra/classes.txt", "model-0000.params", "model-symbol.json");
        assertThat(entries.get("model-0000.params")).isEqualTo(params);
        assertThat(new String(entries.get("model-symbol.json"), StandardCharsets.UTF_8))
                .isEqualTo("{\"nodes\": []}");
        assertThat(new String(entries.get("extra/classes.txt"), StandardCharsets.UTF_8))
                .isEqualTo("cat\ndog\n");
    }

    @Test
    void aMissingBucketIsARetryableFailureNamingBucketAndKey() throws IOException {
        Path model = Files.createDirectories(temp.resolve("model"));
        Files.writeString(model.resolve("model-symbol.json"), "{}");
        ModelUpload upload = ModelUpload.fromEnvironment(env("s3://no-such-bucket/p/"), "cats")
                .orElseThrow();

        assertThatThrownBy(() -> upload.upload(archive(model)))
                .isInstanceOf(ModelUploadException.class)
                .hasMessageContaining("no-such-bucket")
                .hasMessageContaining("p/cats/output/model.tar.gz")
                .satisfies(e -> assertThat(TrainerFailure.of(e).exitCode()).isEqualTo(TrainerFailure.ALGORITHM_ERROR));
    }

    @Test
    void anUnreachableEndpointIsARetryableFailureNamingBucketAndKey() throws IOException {
        Path model = Files.createDirectories(temp.resolve("model"));
        Files.writeString(model.resolve("model-symbol.json"), "{}");
        Map<String, String> env = new LinkedHashMap<>(env("s3://" + BUCKET + "/"));
        env.put(ContainerEnvironment.AWS_ENDPOINT_URL, "http://127.0.0.1:" + FreePorts.pick());
        ModelUpload upload = ModelUpload.fromEnvironment(env, "cats").orElseThrow();

        assertThatThrownBy(() -> upload.upload(archive(model)))
                .isInstanceOf(ModelUploadException.class)
                .hasMessageContaining("'" + BUCKET + "'")
                .hasMessageContaining("cats/output/model.tar.gz")
                .satisfies(e -> assertThat(TrainerFailure.of(e).exitCode()).isEqualTo(TrainerFailure.ALGORITHM_ERROR));
    }

    @Test
    void aMalformedUriIsAClientError() {
        for (String uri : new String[] {"models/runs", "https://models/runs", "s3://", "s3://Bad_Bucket/x"}) {
            assertThatThrownBy(() -> ModelUpload.fromEnvironment(env(uri), "cats"))
                    .as(uri)
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining(ContainerEnvironment.MODEL_S3_URI)
                    .hasMessageContaining(uri);
        }
    }

    @Test
    void noUriMeansNoUpload() {
        assertThat(ModelUpload.fromEnvironment(Map.of(), "cats")).isEmpty();
        assertThat(S3Location.parsePrefix("s3://models", "uri").key()).isEmpty();
        assertThat(S3Location.parsePrefix("s3://models/a/b/", "uri").key()).isEqualTo("a/b/");
    }

    private static Map<String, String> env(String uri) {
        Map<String, String> env = new LinkedHashMap<>(s3.environment());
        env.put(ContainerEnvironment.MODEL_S3_URI, uri);
        return env;
    }

    private Path archive(Path model) throws IOException {
        Path archive = temp.resolve(ModelArchive.FILE_NAME);
        ModelArchive.write(model, archive);
        return archive;
    }
}
