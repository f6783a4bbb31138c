package dev.fovea.trainer.inference.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.inference.InferenceSettings;
import dev.fovea.trainer.inference.Predictor;
import dev.fovea.trainer.model.SageMakerResNet;
import dev.fovea.trainer.model.TestNetworks;
import dev.fovea.trainer.model.sagemaker.SageMakerModelFiles;
import dev.fovea.trainer.model.sagemaker.SageMakerModelWriter;
import dev.fovea.trainer.publish.ModelArchive;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fovea serve} on SageMaker's model layout: the files {@link SageMakerModelWriter} writes, as a folder, as a
 * {@code model.tar.gz} and as a folder holding only that tarball, answer what the same network computes on the
 * image's 0–255 pixel values (decoded here by ImageIO, not by Fovea's decoder).
 */
class SageMakerModelServingTest {

    private static final Shape DIGIT = new Shape(1, 28, 28);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path folder;
    private static final Map<Path, float[]> EXPECTED = new LinkedHashMap<>();

    @BeforeAll
    static void writeTheModel() throws Exception {
        folder = tmp.resolve("sagemaker");
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerResNet network = trainedOnPixelValues(manager);
            SageMakerModelWriter.write(folder, network, 7, 64);
            for (Path digit : heldOutDigits()) {
                NDArray image = manager.create(pixelValues(Files.readAllBytes(digit)), new Shape(1).addAll(DIGIT));
                EXPECTED.put(digit, softmax(TestNetworks.infer(network, image, manager)));
            }
        }
    }

    @Test
    void servesTheFolderOfSageMakersFiles() throws Exception {
        assertThat(folder.resolve(SageMakerModelFiles.parameters(7))).exists();
        assertServesTheNetwork(folder);
    }

    @Test
    void servesModelTarGzGivenAsTheModelOrInTheModelFolder() throws Exception {
        Path tarball = Files.createDirectories(tmp.resolve("packed")).resolve(ModelArchive.FILE_NAME);
        ModelArchive.write(folder, tarball);
        assertServesTheNetwork(tarball);
        assertServesTheNetwork(tarball.getParent());
    }

    @Test
    void aSymbolFileThatIsNoSymbolIsAClientErrorNamingIt() throws Exception {
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.copy(file, broken.resolve(file.getFileName()));
            }
        }
        Files.writeString(broken.resolve(SageMakerModelFiles.SYMBOL), "{\"nodes\": []}");

        assertThatThrownBy(() -> Predictor.open(broken))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining(SageMakerModelFiles.SYMBOL + " in " + broken)
                .hasMessageContaining("not an MXNet symbol");
    }

    private static void assertServesTheNetwork(Path model) throws Exception {
        try (ServerHarness server =
                ServerHarness.start(model, InferenceSettings.defaults(), ServerSettings.defaults(0))) {
            for (Map.Entry<Path, float[]> digit : EXPECTED.entrySet()) {
                HttpResponse<String> answer = server.invoke(Files.readAllBytes(digit.getKey()), "image/png", null);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                float[] served = JSON.readValue(answer.body(), float[].class);
                assertThat(served)
                        .as("%s served from %s", digit.getKey().getFileName(), model)
                        .containsExactly(digit.getValue(), within(1e-5f));
            }
        }
    }

    /**
     * A network whose BatchNorm statistics, {@code bn_data}'s first, moved over passes of random 0–255 images, as
     * SageMaker's do over its training data: its answers are neither uniform nor saturated.
     */
    private static SageMakerResNet trainedOnPixelValues(NDManager manager) {
        SageMakerResNet network = TestNetworks.initialised(20, 10, DIGIT, manager);
        for (int step = 0; step < 10; step++) {
            network.forward(
                    new ParameterStore(manager, false),
                    new NDList(manager.randomUniform(0f, 255f, new Shape(8).addAll(DIGIT), DataType.FLOAT32)),
                    true);
        }
        return network;
    }

    private static List<Path> heldOutDigits() throws Exception {
        Path heldOut = Path.of("..", "examples", "volumes", "mnist-data", "heldout");
        try (Stream<Path> files = Files.list(heldOut)) {
            return files.filter(file -> file.toString().endsWith(".png"))
                    .sorted()
                    .toList();
        }
    }

    private static float[] pixelValues(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        float[] values = new float[image.getWidth() * image.getHeight()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                values[y * image.getWidth() + x] = image.getRaster().getSample(x, y, 0);
            }
        }
        return values;
    }

    private static float[] softmax(float[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (float score : scores) {
            max = Math.max(max, score);
        }
        double[] exps = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            exps[i] = Math.exp(scores[i] - max);
            sum += exps[i];
        }
        float[] probabilities = new float[scores.length];
        for (int i = 0; i < scores.length; i++) {
            probabilities[i] = (float) (exps[i] / sum);
        }
        return probabilities;
    }
}
