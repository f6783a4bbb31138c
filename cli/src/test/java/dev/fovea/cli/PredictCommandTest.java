package dev.fovea.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.data.MnistFixture;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.optimizer.TestHyperParameters;
import dev.fovea.trainer.publish.ModelDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fovea predict} loads a model directory and prints one probability array per image (correctness: MNIST test). */
class PredictCommandTest {

    @TempDir
    Path tmp;

    @Test
    void printsOneProbabilityArrayPerImage() throws Exception {
        writeUntrainedModel();
        Path heldOut = MnistFixture.root().resolve("heldout");
        StringWriter out = new StringWriter();

        int exitCode = new CommandLine(new PredictCommand())
                .setOut(new PrintWriter(out))
                .execute(
                        "--model",
                        tmp.toString(),
                        heldOut.resolve("7-6609.png").toString(),
                        heldOut.resolve("0-5806.png").toString());

        assertThat(exitCode).isZero();
        var lines = out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            double[] probabilities = new ObjectMapper().readValue(line, double[].class);
            assertThat(probabilities).hasSize(10);
            assertThat(Arrays.stream(probabilities).sum()).isCloseTo(1.0, within(1e-4));
        }
    }

    /** Once printed NaN probabilities and exited 0: a damaged model is refused, naming the file at fault. */
    @Test
    void aDamagedModelIsAClientErrorNamingTheFile() throws Exception {
        writeUntrainedModel();
        Path parameters = tmp.resolve("image-classification-0001.params");
        byte[] bytes = Files.readAllBytes(parameters);
        Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + 4096, (byte) 0x7f);
        Files.write(parameters, bytes);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = new CommandLine(new PredictCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(
                        "--model",
                        tmp.toString(),
                        MnistFixture.root().resolve("heldout/7-6609.png").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("fails verification: image-classification-0001.params is damaged");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aDirectoryWithoutAModelIsAClientError() {
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new PredictCommand())
                .setErr(new PrintWriter(err))
                .execute("--model", tmp.toString(), "image.png");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("No model in " + tmp).contains("expected model.json");
    }

    private void writeUntrainedModel() {
        ResolvedHyperParameters hp = TestHyperParameters.with(set -> {
            set.setNumLayers(20);
            set.setNumClasses(10);
            set.setImageShape("1,28,28");
        });
        try (Model model = Model.newInstance("untrained")) {
            model.setBlock(NetworkFamily.SAGEMAKER.build(20, 10, new Shape(1, 28, 28)));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            ModelDirectory.write(tmp, model, ModelDirectory.describe(NetworkFamily.SAGEMAKER, hp), 0, 10);
        }
    }
}
