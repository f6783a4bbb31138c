package dev.fovea.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.status.Progress;
import dev.fovea.trainer.data.image.ImageCodec;
import dev.fovea.trainer.data.image.Pixels;
import dev.fovea.trainer.inference.InferenceSettings;
import dev.fovea.trainer.inference.Predictor;
import dev.fovea.trainer.inference.http.ServerHarness;
import dev.fovea.trainer.inference.http.ServerSettings;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Train, then serve: a model {@code fovea train} wrote, served over HTTP, classifies the validation images exactly as
 * the job's validation did, and sees a digit the same at 28, 56 and 112 pixels (and so does {@link Predictor}, what {@code fovea predict} runs).
 */
class ServingAcceptanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path job;

    private static MlRootFixture ml;
    private static Progress trained;

    @BeforeAll
    static void train() throws Exception {
        ml = new MlRootFixture(job)
                .channel(ChannelName.TRAIN, ContentType.IMAGE, MlRootFixture.MNIST.resolve("png/train"))
                .channel(ChannelName.TRAIN_LST, ContentType.IMAGE, MlRootFixture.MNIST.resolve("png/train_lst"))
                .channel(ChannelName.VALIDATION, ContentType.IMAGE, MlRootFixture.MNIST.resolve("png/validation"))
                .channel(
                        ChannelName.VALIDATION_LST,
                        ContentType.IMAGE,
                        MlRootFixture.MNIST.resolve("png/validation_lst"))
                .write(shortRun());
        assertThat(new CommandLine(new TrainCommand(ml.environment())).execute())
                .isZero();
        trained = Progress.fromJson(Files.readString(job.resolve("termination-log")));
    }

    /** ResNet-20 on the 2,000 PNG digits, two epochs: enough to classify, short enough for every build. */
    private static HyperParameters shortRun() {
        HyperParameters hp = MlRootFixture.mnistResNet20();
        hp.setNumTrainingSamples(2_000);
        hp.setMiniBatchSize(32);
        return hp;
    }

    @Test
    void servedPredictionsOnTheValidationImagesScoreTheJobsValidationAccuracy() throws Exception {
        List<String[]> validation =
                Files.readAllLines(MlRootFixture.MNIST.resolve("png/validation_lst/validation.lst")).stream()
                        .map(line -> line.split("\t"))
                        .toList();
        Path images = MlRootFixture.MNIST.resolve("png/validation");
        int correct = 0;
        try (ServerHarness served = serve(ml.root.modelDir());
                ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<float[]>> answers = new ArrayList<>();
            for (String[] entry : validation) {
                byte[] image = Files.readAllBytes(images.resolve(entry[2]));
                answers.add(clients.submit(() -> classify(served, image)));
            }
            for (int i = 0; i < validation.size(); i++) {
                if (argMax(answers.get(i).get())
                        == (int) Float.parseFloat(validation.get(i)[1])) {
                    correct++;
                }
            }
        }
        assertThat(trained.validationAccuracy()).isNotNull();
        assertThat(correct)
                .as(
                        "served accuracy %d/%d against the job's validation accuracy %s",
                        correct, validation.size(), trained.validationAccuracy())
                .isEqualTo((int) Math.round(trained.validationAccuracy() * validation.size()));
    }

    @Test
    void aDigitGetsTheSameClassAt28And56And112PixelsServedAndPredicted() throws Exception {
        Path heldOut = MlRootFixture.MNIST.resolve("heldout");
        List<Path> digits;
        try (var listing = Files.list(heldOut)) {
            digits = listing.filter(file -> file.toString().endsWith(".png"))
                    .sorted()
                    .toList();
        }
        Path scaled = Files.createDirectories(job.resolve("scaled"));
        List<Path> files = new ArrayList<>();
        for (Path digit : digits) {
            for (int size : new int[] {28, 56, 112}) {
                Path file = scaled.resolve(size + "-" + digit.getFileName());
                Pixels original = ImageCodec.decode(Files.readAllBytes(digit), 1);
                Files.write(file, ImageCodec.encodePng(enlarge(original, size / original.width())));
                files.add(file);
            }
        }
        List<float[]> predicted = new ArrayList<>();
        try (Predictor predictor = Predictor.open(ml.root.modelDir())) { // what fovea predict runs
            for (Path file : files) {
                predicted.add(predictor.classify(file));
            }
        }

        int correct = 0;
        try (ServerHarness served = serve(ml.root.modelDir())) {
            for (int d = 0; d < digits.size(); d++) {
                int label =
                        Integer.parseInt(digits.get(d).getFileName().toString().split("-")[0]);
                List<Integer> classes = new ArrayList<>();
                for (int s = 0; s < 3; s++) {
                    classes.add(argMax(classify(served, Files.readAllBytes(files.get(3 * d + s)))));
                    classes.add(argMax(predicted.get(3 * d + s)));
                }
                assertThat(classes)
                        .as(digits.get(d) + " at 28, 56, 112 px, served and predicted")
                        .containsOnly(classes.getFirst());
                correct += classes.getFirst() == label ? 1 : 0;
            }
        }
        assertThat(correct).as("held-out digits classified correctly").isGreaterThanOrEqualTo(digits.size() - 2);
    }

    /**
     * The digit {@code factor} times larger, each pixel repeated: the centred view's bilinear resize brings it back
     * to the 28×28 original exactly, where the bare centre crop of old saw only its central 28 / factor pixels.
     */
    private static Pixels enlarge(Pixels digit, int factor) {
        Pixels large = Pixels.blank(digit.width() * factor, digit.height() * factor, 1);
        for (int y = 0; y < large.height(); y++) {
            for (int x = 0; x < large.width(); x++) {
                large.set(x, y, 0, digit.get(x / factor, y / factor, 0));
            }
        }
        return large;
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

    /** The model behind a real server on a loopback port, with the default settings of {@code fovea serve}. */
    private static ServerHarness serve(Path model) {
        return ServerHarness.start(model, InferenceSettings.defaults(), ServerSettings.defaults(0));
    }

    private static float[] classify(ServerHarness server, byte[] png) throws Exception {
        HttpResponse<String> answer = server.invoke(png, "image/png", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readValue(answer.body(), float[].class);
    }
}
