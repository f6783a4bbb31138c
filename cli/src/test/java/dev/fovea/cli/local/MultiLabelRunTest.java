package dev.fovea.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.cli.ConvertCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real local run of a multi-label job with {@code use_weighted_loss=1} on augmented manifests (SageMaker Ground
 * Truth's input): {@code fovea convert manifest} tiles MNIST fixture digits two by two and labels each image with both
 * digits as class-id lists; two trainer processes count the class frequencies alike and train to Succeeded.
 */
class MultiLabelRunTest {

    private static final Pattern FREQUENCIES = Pattern.compile("Class frequencies of the training labels[^\\n]*");

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aWeightedMultiLabelJobOnAugmentedManifestsTrainsToSucceeded() throws Exception {
        convertToManifest("train", 512);
        convertToManifest("validation", 200);
        Path manifest = Files.writeString(folder.resolve("job.yaml"), """
                apiVersion: fovea.dev/v1alpha1
                kind: ImageClassificationJob
                metadata:
                  name: pairs
                spec:
                  hyperParameters:
                    numClasses: 10
                    numTrainingSamples: 256
                    numLayers: 20
                    imageShape: "1,28,56"
                    epochs: 1
                    miniBatchSize: 32
                    learningRate: 0.05
                    multiLabel: 1
                    useWeightedLoss: 1
                  inputDataConfig:
                    - {channelName: train, contentType: image/png, dataType: AugmentedManifestFile,
                       attributeNames: [source-ref, digits], labelFormat: class-id,
                       persistentVolumeClaim: {claimName: pairs, subPath: train}}
                    - {channelName: validation, contentType: image/png, dataType: AugmentedManifestFile,
                       attributeNames: [source-ref, digits], labelFormat: class-id,
                       persistentVolumeClaim: {claimName: pairs, subPath: validation}}
                  resourceConfig:
                    instanceCount: 2
                """);
        Path workDir = folder.resolve("work");

        int code = new LocalRun(
                        manifest,
                        workDir,
                        Map.of("pairs", folder.resolve("pairs")),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run();

        assertThat(code).as("exit code; stderr: %s", err).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Succeeded").containsPattern("epochs:\\s+1/1");
        String first = frequencies(workDir.resolve("logs/algo-1.log"));
        assertThat(first).matches(".*\\[(\\d+, ){9}\\d+\\]");
        assertThat(frequencies(workDir.resolve("logs/algo-2.log")))
                .as("every host weighs the classes alike")
                .isEqualTo(first);
    }

    private void convertToManifest(String channel, int records) {
        int code = new CommandLine(new ConvertCommand())
                .execute(
                        "manifest",
                        "--rec",
                        MnistSlice.FIXTURE.resolve("recordio").resolve(channel).toString(),
                        "--output",
                        folder.resolve("pairs").resolve(channel).toString(),
                        "--name",
                        channel,
                        "--label-attribute",
                        "digits",
                        "--label-format",
                        "class-id",
                        "--tile",
                        "2",
                        "--channels",
                        "1",
                        "--count",
                        Integer.toString(records));
        assertThat(code).as("fovea convert manifest of %s", channel).isZero();
    }

    private static String frequencies(Path log) throws Exception {
        Matcher matcher = FREQUENCIES.matcher(Files.readString(log));
        assertThat(matcher.find()).as("%s logs the class frequencies", log).isTrue();
        return matcher.group();
    }
}
