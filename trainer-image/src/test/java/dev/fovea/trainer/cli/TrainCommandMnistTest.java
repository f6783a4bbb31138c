package dev.fovea.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.status.Progress;
import dev.fovea.api.status.TrainerPhase;
import dev.fovea.trainer.inference.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of the trainer: {@code fovea train} on the real MNIST fixture (RecordIO), ResNet-20 at
 * 1,28,28, reaches at least 97% validation accuracy and leaves a model, checkpoints, SageMaker log lines and the
 * final progress behind.
 */
class TrainCommandMnistTest {

    private static final Pattern VALIDATION_ACCURACY =
            Pattern.compile("Epoch\\[(\\d+)\\] Validation-accuracy=([0-9.]+)");
    private static final Pattern TRAIN_ACCURACY = Pattern.compile("Epoch\\[(\\d+)\\] Train-accuracy=([0-9.]+)");
    private static final Pattern TIME_COST =
            Pattern.compile("Epoch\\[(\\d+)\\] Time cost=([0-9]+\\.[0-9]{3})$", Pattern.MULTILINE);
    private static final Pattern TOP_K = Pattern.compile("Epoch\\[(\\d+)\\] Validation-top_k_accuracy_\\d+=([0-9.]+)");

    @TempDir
    Path tmp;

    @Test
    void resNet20ReachesNinetySevenPercentOnMnist() throws Exception {
        MlRootFixture ml = new MlRootFixture(tmp)
                .channel(ChannelName.TRAIN, ContentType.RECORDIO, MlRootFixture.MNIST.resolve("recordio/train"))
                .channel(
                        ChannelName.VALIDATION,
                        ContentType.RECORDIO,
                        MlRootFixture.MNIST.resolve("recordio/validation"))
                .write(MlRootFixture.mnistResNet20());

        long start = System.nanoTime();
        TrainerRun run = TrainerRun.of(ml.environment());
        String log = run.log();
        int exitCode = run.exitCode();
        System.out.printf(
                "fovea train on MNIST (ResNet-20, 2 epochs of 10,000 images) took %.1f s%n",
                (System.nanoTime() - start) / 1e9);

        assertThat(exitCode).as(log).isZero();
        var validation = VALIDATION_ACCURACY.matcher(log).results().toList();
        assertThat(validation).extracting(m -> m.group(1)).containsExactly("0", "1");
        double accuracy = Double.parseDouble(validation.getLast().group(2));
        assertThat(accuracy).isGreaterThanOrEqualTo(0.97);
        assertThat(validation.getLast().group(2)).matches("\\d\\.\\d{6}");
        assertThat(TRAIN_ACCURACY.matcher(log).results().count()).isEqualTo(2);
        assertThat(TIME_COST.matcher(log).results().count()).isEqualTo(2);
        assertThat(TOP_K.matcher(log).results().count())
                .as("no top_k set: no top-k accuracy, as on SageMaker")
                .isZero();

        assertThat(ml.root.modelDir().resolve("model.json")).isRegularFile();
        assertThat(ml.root.modelDir().resolve("image-classification-symbol.json"))
                .isRegularFile();
        assertThat(ml.root.modelDir().resolve("model-shapes.json")).isRegularFile();
        assertThat(ml.root.outputDir().resolve("model.tar.gz")).isRegularFile();
        assertThat(ml.root.checkpointsDir().resolve("epoch-0000")).isDirectory();
        Progress progress = Progress.fromJson(Files.readString(tmp.resolve("termination-log")));
        assertThat(progress.phase()).isEqualTo(TrainerPhase.Succeeded);
        assertThat(progress.epoch()).isEqualTo(2);
        assertThat(progress.validationAccuracy()).isEqualTo(accuracy, within(1e-6));
        assertThat(ml.root.failureFile()).doesNotExist();

        assertTheModelClassifiesHeldOutDigits(ml.root.modelDir());
    }

    /** The held-out digits are named {@code <label>-<index>.png}; the model must name the right class for nearly all. */
    private static void assertTheModelClassifiesHeldOutDigits(Path model) throws Exception {
        Path heldOut = MlRootFixture.MNIST.resolve("heldout");
        List<Path> images;
        try (var files = Files.list(heldOut)) {
            images = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        int correct = 0;
        try (Predictor predictor = Predictor.open(model)) {
            for (Path image : images) {
                float[] probabilities = predictor.classify(image);
                assertThat(probabilities).hasSize(10);
                assertThat(sum(probabilities)).isCloseTo(1.0, within(1e-4));
                int expected = Integer.parseInt(image.getFileName().toString().split("-")[0]);
                if (argMax(probabilities) == expected) {
                    correct++;
                }
            }
        }
        assertThat(correct).as("held-out digits classified correctly").isGreaterThanOrEqualTo(images.size() - 1);
    }

    private static double sum(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += value;
        }
        return sum;
    }

    private static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
