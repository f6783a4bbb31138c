package dev.fovea.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.s3.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code fovea run} with {@code checkpointConfig.s3}, against a real S3 API (S3Proxy on loopback) and with the
 * credentials in the shell's environment, as a user runs it: every checkpoint is uploaded, and a run whose work
 * directory is gone ({@code --fresh}) downloads the newest one on every host and continues from its epoch.
 */
class LocalRunS3CheckpointsTest {

    private static final String BUCKET = "checkpoints";
    private static final String PREFIX = "mnist-run/";
    private static final Duration CEILING = Duration.ofMinutes(10);

    @TempDir
    Path folder;

    @Test
    void checkpointsAreUploadedAndAFreshWorkDirectoryResumesFromTheNewest() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(BUCKET)) {
            Path workDir = folder.resolve("work");
            Path manifest = MnistSlice.write(folder, "s3-checkpoints", 2, 256);
            Files.writeString(
                    manifest, checkpointConfig(s3), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

            String first = run(s3, manifest, workDir);
            assertThat(first).contains("Checkpoints are copied to s3://" + BUCKET + "/" + PREFIX);
            assertThat(keys(s3)).contains(PREFIX + "epoch-0000/manifest.json", PREFIX + "epoch-0001/manifest.json");

            // the same job, one epoch longer, on a work directory cleared of everything the first run left
            Files.writeString(manifest, Files.readString(manifest).replace("epochs: 2", "epochs: 3"));
            String second = run(s3, manifest, workDir, "--fresh");
            assertThat(second).contains("Starting over").containsPattern("epochs:\\s+3/3");
            LocalLayout layout = new LocalLayout(workDir);
            for (int host = 0; host < 2; host++) {
                assertThat(Files.readString(layout.logFile(host)))
                        .as("host %d's log", host)
                        .contains("Downloaded checkpoint epoch-0001 from s3://" + BUCKET + "/" + PREFIX);
            }
            assertThat(Files.readString(layout.logFile(0)))
                    .as("only the third epoch is trained")
                    .contains("Epoch[2] ")
                    .doesNotContain("Epoch[0] ")
                    .doesNotContain("Epoch[1] ");
            assertThat(keys(s3)).contains(PREFIX + "epoch-0002/manifest.json");
        }
    }

    private String checkpointConfig(S3ProxyServer s3) {
        return """
                  checkpointConfig:
                    s3: {uri: "s3://%s/%s", secretRef: s3-credentials, endpoint: "%s", region: us-east-1}
                """.formatted(BUCKET, PREFIX, s3.environment().get(ContainerEnvironment.AWS_ENDPOINT_URL));
    }

    /** Runs {@code fovea run} with the server's keys in its environment; returns its output once it succeeded. */
    private String run(S3ProxyServer s3, Path manifest, Path workDir, String... options) throws Exception {
        Path log = Files.createTempFile(folder, "fovea-run", ".log");
        ProcessBuilder fovea = FoveaProcess.run(folder, manifest, workDir, log, options);
        Map<String, String> shell = fovea.environment();
        shell.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("FOVEA_"));
        for (String key : List.of(ContainerEnvironment.AWS_ACCESS_KEY_ID, ContainerEnvironment.AWS_SECRET_ACCESS_KEY)) {
            shell.put(key, s3.environment().get(key));
        }
        Process process = fovea.start();
        boolean ended = process.waitFor(CEILING.toMinutes(), TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(ended).as("fovea run ended within %s: %s", CEILING, output).isTrue();
        assertThat(process.exitValue()).as("fovea run's exit code: %s", output).isZero();
        return output;
    }

    private static List<String> keys(S3ProxyServer s3) {
        try (S3Client client = s3.client()) {
            return client.listObjectsV2Paginator(list -> list.bucket(BUCKET)).contents().stream()
                    .map(S3Object::key)
                    .toList();
        }
    }
}
