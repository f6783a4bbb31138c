package dev.fovea.cli.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.cli.FoveaCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fovea import-sagemaker request.json > job.yaml}, as a user runs it. */
class ImportSageMakerCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void printsTheManifestOnStdoutAndTheNotesOnStderr() throws Exception {
        int exit = run(
                "import-sagemaker",
                "-n",
                "team-vision",
                "--s3-secret",
                "sagemaker-s3",
                "--region",
                "us-east-1",
                fixture().toString());

        assertThat(exit).isZero();
        assertThat(out.toString())
                .isEqualTo(Files.readString(fixture().resolveSibling("create-training-job.expected.yaml")));
        assertThat(err.toString()).contains("note: RoleArn is not carried over");
    }

    @Test
    void exitsWithTheClientErrorCodeNamingTheField(@TempDir Path dir) throws IOException {
        Path request = Files.writeString(
                dir.resolve("request.json"),
                "{\"TrainingJobName\": \"x\", \"AlgorithmSpecification\": {\"TrainingImage\": \"xgboost:1\"}}");

        assertThat(run("import-sagemaker", request.toString())).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("error: AlgorithmSpecification.TrainingImage 'xgboost:1'");
    }

    @Test
    void aMissingFileIsAClientError() {
        assertThat(run("import-sagemaker", "no-such-request.json")).isEqualTo(2);
        assertThat(err.toString()).contains("no such file: no-such-request.json");
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new FoveaCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static Path fixture() throws URISyntaxException {
        return Path.of(ImportSageMakerCommandTest.class
                .getResource("/importer/create-training-job.json")
                .toURI());
    }
}
