package dev.fovea.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.ClientError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRunValidationTest {

    private static final String MANIFEST = """
            apiVersion: fovea.dev/v1alpha1
            kind: ImageClassificationJob
            metadata:
              name: bad-layers
            spec:
              hyperParameters:
                numClasses: 10
                numTrainingSamples: 1000
                numLayers: 19
                imageShape: "1,28,28"
              inputDataConfig:
                - channelName: train
                  contentType: application/x-recordio
                  persistentVolumeClaim:
                    claimName: mnist-data
                    subPath: recordio/train
            """;

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void anInvalidHyperParameterIsRejectedWithItsFieldAndNothingStarts() throws Exception {
        Path manifest = Files.writeString(folder.resolve("job.yaml"), MANIFEST);
        Path workDir = folder.resolve("work");

        int code = run(manifest, workDir, Map.of());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("numLayers").contains("19");
        assertThat(workDir).doesNotExist();
    }

    @Test
    void aMissingDataFolderIsAClientErrorNamingTheClaim() throws Exception {
        Path manifest =
                Files.writeString(folder.resolve("job.yaml"), MANIFEST.replace("numLayers: 19", "numLayers: 20"));

        assertThatThrownBy(() -> run(manifest, folder.resolve("work"), Map.of()))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("mnist-data")
                .hasMessageContaining(
                        folder.resolve("volumes/mnist-data/recordio/train").toString());
    }

    @Test
    void aManifestOfAnotherKindIsRejectedNamingTheKind() throws Exception {
        Path manifest = Files.writeString(folder.resolve("pod.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                spec: {}
                """);

        assertThat(run(manifest, folder.resolve("work"), Map.of())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ImageClassificationJob");
    }

    private int run(Path manifest, Path workDir, Map<String, Path> volumes) throws Exception {
        return new LocalRun(
                        manifest,
                        workDir,
                        volumes,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run();
    }
}
