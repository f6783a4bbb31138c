package dev.fovea.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.trainer.data.MnistFixture;
import dev.fovea.trainer.inference.Predictor;
import dev.fovea.trainer.inference.UntrainedModels;
import dev.fovea.trainer.s3.S3ProxyServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code fovea transform}: one {@code <name>.out} per input image, from and to folders and S3 (S3Proxy). */
class TransformCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DIGITS = List.of("0-5806.png", "4-3341.png", "9-2958.png");

    @TempDir
    Path temp;

    private Path model;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void model() {
        model = UntrainedModels.digits(temp.resolve("model"), false);
    }

    @Test
    void aFolderBecomesOneOutFilePerImageAndANonImageIsReportedNotWritten() throws Exception {
        Path input = Files.createDirectories(temp.resolve("in/nested"));
        for (String digit : DIGITS) {
            Files.copy(heldOut(digit), (digit.startsWith("9") ? input : input.getParent()).resolve(digit));
        }
        Files.writeString(input.getParent().resolve("notes.txt"), "not an image");
        Path output = temp.resolve("out");

        int exitCode = transform(Map.of(), "--input", input.getParent().toString(), "--output", output.toString());

        assertThat(exitCode).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("notes.txt").contains("not a JPEG or PNG image");
        assertThat(out.toString()).contains("transformed 3 input(s)");
        try (Stream<Path> written = Files.walk(output)) {
            assertThat(written.filter(Files::isRegularFile)
                            .map(file -> output.relativize(file).toString()))
                    .containsExactlyInAnyOrder("0-5806.png.out", "4-3341.png.out", "nested/9-2958.png.out");
        }
        try (Predictor predictor = Predictor.open(model)) {
            assertPrediction(
                    Files.readString(output.resolve("nested/9-2958.png.out")),
                    predictor.classify(heldOut("9-2958.png")));
            assertPrediction(
                    Files.readString(output.resolve("0-5806.png.out")), predictor.classify(heldOut("0-5806.png")));
        }
    }

    @Test
    void anS3PrefixBecomesOneOutObjectPerImage() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start("images", "results");
                S3Client client = s3.client()) {
            for (String digit : DIGITS) {
                client.putObject(
                        request -> request.bucket("images").key("batch/" + digit),
                        RequestBody.fromFile(heldOut(digit)));
            }
            client.putObject(request -> request.bucket("images").key("other/ignored.png"), RequestBody.fromString("x"));

            int exitCode =
                    transform(s3.environment(), "--input", "s3://images/batch/", "--output", "s3://results/run-1");

            assertThat(exitCode).as(err.toString()).isZero();
            List<String> keys = client.listObjectsV2(request -> request.bucket("results")).contents().stream()
                    .map(object -> object.key())
                    .toList();
            assertThat(keys)
                    .containsExactlyInAnyOrder("run-1/0-5806.png.out", "run-1/4-3341.png.out", "run-1/9-2958.png.out");
            String answer = client.getObjectAsBytes(
                            request -> request.bucket("results").key("run-1/4-3341.png.out"))
                    .asString(StandardCharsets.UTF_8);
            try (Predictor predictor = Predictor.open(model)) {
                assertPrediction(answer, predictor.classify(heldOut("4-3341.png")));
            }
        }
    }

    @Test
    void acceptApplicationJsonWritesTheBareArray() throws Exception {
        Path input = Files.createDirectories(temp.resolve("in"));
        Files.copy(heldOut("4-3341.png"), input.resolve("4.png"));
        Path output = temp.resolve("out");

        int exitCode = transform(
                Map.of(), "--input", input.toString(), "--output", output.toString(), "--accept", "application/json");

        assertThat(exitCode).as(err.toString()).isZero();
        JsonNode answer = JSON.readTree(Files.readString(output.resolve("4.png.out")));
        assertThat(answer.isArray()).isTrue();
        assertThat(answer).hasSize(10);
    }

    @Test
    void anOutputInsideTheInputIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path input = Files.createDirectories(temp.resolve("in"));
        Files.copy(heldOut("4-3341.png"), input.resolve("4.png"));

        int exitCode = transform(
                Map.of(),
                "--input",
                input.toString(),
                "--output",
                input.resolve("out").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("lies within the input");
        assertThat(input.resolve("out")).doesNotExist();
    }

    @Test
    void anS3KeyThatNamesNoFileInTheOutputFolderIsRefusedAndNothingIsWrittenOutsideIt() throws Exception {
        Path output = temp.resolve("deep").resolve("out");
        try (S3ProxyServer s3 = S3ProxyServer.start("images");
                S3Client client = s3.client()) {
            client.putObject(
                    request -> request.bucket("images").key("batch/4.png"),
                    RequestBody.fromFile(heldOut("4-3341.png")));
            // "batch/" + "/deep/escaped.png": a double slash, which S3 keeps and a folder cannot
            client.putObject(
                    request -> request.bucket("images").key("batch//deep/escaped.png"),
                    RequestBody.fromFile(heldOut("0-5806.png")));

            int exitCode = transform(s3.environment(), "--input", "s3://images/batch/", "--output", output.toString());

            assertThat(exitCode).isEqualTo(2);
            assertThat(err.toString()).contains("/deep/escaped.png.out would lie outside " + output);
            assertThat(output.resolve("4.png.out")).exists();
            try (Stream<Path> written = Files.walk(temp)) {
                assertThat(written.filter(file -> file.toString().endsWith(".out")))
                        .containsExactly(output.resolve("4.png.out"));
            }
        }
    }

    @Test
    void aMissingInputFolderOrAFileAsOutputIsAnOptionErrorFoundBeforeTheModelLoads() throws Exception {
        Path input = Files.createDirectories(temp.resolve("in"));
        Path file = Files.writeString(temp.resolve("results.txt"), "not a folder");
        Path noModel = temp.resolve("no-model");

        int missingInput = fovea(
                Map.of(),
                "--model-dir",
                noModel.toString(),
                "--input",
                temp.resolve("typo").toString(),
                "--output",
                temp.resolve("out").toString());
        int fileOutput = fovea(
                Map.of(), "--model-dir", noModel.toString(), "--input", input.toString(), "--output", file.toString());

        assertThat(missingInput).isEqualTo(2);
        assertThat(fileOutput).isEqualTo(2);
        assertThat(err.toString())
                .contains("--input " + temp.resolve("typo") + ": no such folder")
                .contains("--output " + file + " is a file; give a folder")
                .doesNotContain(noModel.toString());
    }

    private int transform(Map<String, String> env, String... args) {
        return fovea(
                env,
                Stream.concat(Stream.of("--model-dir", model.toString()), Stream.of(args))
                        .toArray(String[]::new));
    }

    private int fovea(Map<String, String> env, String... all) {
        return new CommandLine(new TransformCommand(new HashMap<>(env)))
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all);
    }

    private static Path heldOut(String name) {
        return MnistFixture.root().resolve("heldout").resolve(name);
    }

    /** One JSON line, {@code {"prediction": [...]}}, equal to what {@code fovea predict} answers. */
    private static void assertPrediction(String line, float[] expected) throws Exception {
        assertThat(line).endsWith("}\n").doesNotContain("\n{");
        JsonNode prediction = JSON.readTree(line).get("prediction");
        assertThat(prediction).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(prediction.get(i).floatValue()).isCloseTo(expected[i], within(1e-6f));
        }
    }
}
