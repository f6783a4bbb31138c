package dev.fovea.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.crd.CrdSchema;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.validation.ManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every ImageClassificationJob under examples/ is valid, for Fovea and for the API server. */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("fovea.examples"));

    static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(ExamplesTest::isImageClassificationJob)
                    .sorted()
                    .toList();
        }
    }

    private static boolean isImageClassificationJob(Path file) {
        try {
            return Files.readString(file).contains("kind: " + ImageClassificationJob.KIND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theThreeExamplesOfTheApiAreThere() throws IOException {
        assertThat(manifests())
                .extracting(p -> EXAMPLES.relativize(p).toString())
                .contains("minimal.yaml", "full.yaml", "mnist.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void foveaAcceptsIt(Path manifest) throws IOException {
        assertThat(ManifestReader.check(manifest.toString(), Files.readString(manifest)))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void theApiServerAcceptsIt(Path manifest) throws IOException {
        assertThat(CrdSchema.load(Path.of(System.getProperty("fovea.crd.committed")))
                        .errors(Files.readString(manifest)))
                .isEmpty();
    }

    @Test
    void fullSetsEveryHyperParameter() throws IOException {
        HyperParameters hp = ManifestReader.readValid(EXAMPLES.resolve("full.yaml"))
                .getSpec()
                .getHyperParameters();

        assertThat(hp).hasNoNullFieldsOrProperties();
    }

    @Test
    void fullSetsEveryFieldOfThePodTemplateAndTheHosts() throws IOException {
        ImageClassificationJobSpec spec =
                ManifestReader.readValid(EXAMPLES.resolve("full.yaml")).getSpec();

        assertThat(spec).hasNoNullFieldsOrProperties();
        assertThat(spec.getPodTemplate()).hasNoNullFieldsOrProperties();
        assertThat(spec.getResourceConfig()).hasNoNullFieldsOrProperties();
    }

    @Test
    void mnistTrainsResNet20OnTwoHostsFromTheFixture() throws IOException {
        ImageClassificationJob job = ManifestReader.readValid(EXAMPLES.resolve("mnist.yaml"));
        HyperParameters hp = job.getSpec().getHyperParameters();

        assertThat(hp.getNumLayers()).isEqualTo(20);
        assertThat(hp.getImageShape()).isEqualTo("1,28,28");
        assertThat(job.getSpec().hostCount()).isEqualTo(2);
        assertThat(hp.getAugmentationType())
                .as("crop flips digits horizontally")
                .isNull();
        Path trainIndex = EXAMPLES.resolve("volumes/mnist-data/recordio/train/train.idx");
        if (Files.exists(trainIndex)) {
            try (Stream<String> records = Files.lines(trainIndex)) {
                assertThat(hp.getNumTrainingSamples())
                        .as("records in %s", trainIndex)
                        .isEqualTo(records.count());
            }
        }
        assertThat(job.getSpec()
                        .channel(ChannelName.TRAIN)
                        .getPersistentVolumeClaim()
                        .getClaimName())
                .isEqualTo("mnist-data");
    }
}
