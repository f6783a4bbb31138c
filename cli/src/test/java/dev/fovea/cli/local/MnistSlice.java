package dev.fovea.cli.local;

import dev.fovea.trainer.data.MnistFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small slice of the repository's MNIST fixture for fast local runs: the fixture's PNG folders with shortened
 * {@code .lst} files in a claim of their own ({@code slice}), and a manifest that reads them.
 */
final class MnistSlice {

    static final Path FIXTURE = MnistFixture.root();

    private MnistSlice() {}

    /** Writes {@code job.yaml} and the {@code slice} claim into {@code folder}; returns the manifest. */
    static Path write(Path folder, String name, int epochs, int trainImages) throws IOException {
        shortList(FIXTURE.resolve("png/train_lst/train.lst"), folder.resolve("slice/train_lst/train.lst"), trainImages);
        shortList(
                FIXTURE.resolve("png/validation_lst/validation.lst"),
                folder.resolve("slice/validation_lst/validation.lst"),
                200);
        return Files.writeString(folder.resolve("job.yaml"), """
                apiVersion: fovea.dev/v1alpha1
                kind: ImageClassificationJob
                metadata:
                  name: %s
                spec:
                  hyperParameters:
                    numClasses: 10
                    numTrainingSamples: %d
                    numLayers: 20
                    imageShape: "1,28,28"
                    epochs: %d
                    miniBatchSize: 64
                    learningRate: 0.1
                    momentum: 0.9
                    checkpointFrequency: 1
                    kvStore: dist_sync
                  inputDataConfig:
                    - {channelName: train, contentType: application/x-image,
                       persistentVolumeClaim: {claimName: mnist-data, subPath: png/train}}
                    - {channelName: validation, contentType: application/x-image,
                       persistentVolumeClaim: {claimName: mnist-data, subPath: png/validation}}
                    - {channelName: train_lst, contentType: application/x-image,
                       persistentVolumeClaim: {claimName: slice, subPath: train_lst}}
                    - {channelName: validation_lst, contentType: application/x-image,
                       persistentVolumeClaim: {claimName: slice, subPath: validation_lst}}
                  resourceConfig:
                    instanceCount: 2
                """.formatted(name, trainImages, epochs));
    }

    private static void shortList(Path source, Path target, int lines) throws IOException {
        List<String> kept = Files.readAllLines(source).stream().limit(lines).toList();
        Files.createDirectories(target.getParent());
        Files.write(target, kept);
    }
}
