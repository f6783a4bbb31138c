package dev.fovea.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int fovea(String... args) {
        CommandLine cli = new CommandLine(new FoveaCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private static Path manifest(Path dir, String hyperParameters) throws IOException {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, """
                apiVersion: fovea.dev/v1alpha1
                kind: ImageClassificationJob
                metadata:
                  name: job
                spec:
                  hyperParameters:
                %s
                  inputDataConfig:
                    - channelName: train
                      contentType: application/x-recordio
                      persistentVolumeClaim:
                        claimName: data
                """.formatted(hyperParameters.indent(4).stripTrailing()));
        return file;
    }

    @Test
    void aValidManifestPrintsValidAndExitsZero(@TempDir Path dir) throws IOException {
        Path file = manifest(dir, "numClasses: 10\nnumTrainingSamples: 100");

        assertThat(fovea("validate", "-f", file.toString())).isZero();
        assertThat(out.toString()).isEqualTo(file + ": valid" + System.lineSeparator());
    }

    @Test
    void anInvalidManifestPrintsEachViolationAndExitsTwo(@TempDir Path dir) throws IOException {
        Path file = manifest(dir, "numClasses: 10\nnumTrainingSamples: 100\nnumLayers: 19\ntopK: 1");

        assertThat(fovea("validate", "-f", file.toString())).isEqualTo(2);
        assertThat(err.toString())
                .contains(file + ": 2 problems")
                .contains("spec.hyperParameters.numLayers: numLayers 19 is not one of 18, 34, 50, 101, 152, 200")
                .contains("spec.hyperParameters.topK: topK 1 is not allowed");
    }

    @Test
    void endpointManifestsAreCheckedWithTheEndpointsRules(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("endpoint.yaml");
        Files.writeString(file, """
                apiVersion: fovea.dev/v1alpha1
                kind: ImageClassificationEndpoint
                metadata:
                  name: digits
                spec:
                  model:
                    fromJob: mnist
                  replicas: 2
                  autoscaling:
                    maxReplicas: 4
                    targetCpuUtilizationPercent: 70
                """);

        assertThat(fovea("validate", "-f", file.toString(), "../examples/endpoint.yaml"))
                .isEqualTo(2);
        assertThat(out.toString()).isEqualTo("../examples/endpoint.yaml: valid" + System.lineSeparator());
        assertThat(err.toString())
                .contains(file + ": 1 problem")
                .contains("spec.replicas")
                .contains("not both");
    }

    @Test
    void anotherKindIsNamedWithTheKindsThatCanBeChecked(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("deployment.yaml");
        Files.writeString(file, "apiVersion: fovea.dev/v1alpha1\nkind: Deployment\n");

        assertThat(fovea("validate", "-f", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("kind: kind must be ImageClassificationJob or ImageClassificationEndpoint");
    }

    @Test
    void aMissingFileIsAProblemToo(@TempDir Path dir) {
        assertThat(fovea("validate", "-f", dir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope.yaml: 1 problem", "no such file");
    }
}
