package dev.fovea.trainer.cli;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.trainer.inference.InferenceSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The model and batching options {@code fovea serve} and {@code fovea transform} share. Each option falls back to
 * its environment variable, then to the default {@link InferenceSettings} declares.
 */
final class InferenceOptions {

    private static final String MAX_BATCH_SIZE = "--max-batch-size";
    private static final String MAX_BATCH_DELAY_MS = "--max-batch-delay-ms";
    private static final String WORKERS = "--workers";
    private static final String MAX_IMAGE_PIXELS = "--max-image-pixels";

    @Option(
            names = "--model-dir",
            paramLabel = "DIR",
            description = "The model directory a training job wrote (default: /opt/ml/model, under $"
                    + ContainerEnvironment.ML_ROOT + " when set).")
    Path modelDir;

    @Option(
            names = MAX_BATCH_SIZE,
            paramLabel = "N",
            defaultValue = "${env:" + ContainerEnvironment.SERVE_MAX_BATCH_SIZE + ":-"
                    + InferenceSettings.DEFAULT_MAX_BATCH_SIZE + "}",
            description = "Most images per forward pass; 0 picks it from the model's input size (env "
                    + ContainerEnvironment.SERVE_MAX_BATCH_SIZE + ", default ${DEFAULT-VALUE}).")
    int maxBatchSize;

    @Option(
            names = MAX_BATCH_DELAY_MS,
            paramLabel = "MS",
            defaultValue = "${env:" + ContainerEnvironment.SERVE_MAX_BATCH_DELAY_MS + ":-"
                    + InferenceSettings.DEFAULT_MAX_BATCH_DELAY_MILLIS + "}",
            description = "How long the oldest waiting image may wait for others to join its batch (env "
                    + ContainerEnvironment.SERVE_MAX_BATCH_DELAY_MS + ", default ${DEFAULT-VALUE}).")
    long maxBatchDelayMillis;

    @Option(
            names = WORKERS,
            paramLabel = "N",
            defaultValue =
                    "${env:" + ContainerEnvironment.SERVE_WORKERS + ":-" + InferenceSettings.DEFAULT_WORKERS + "}",
            description = "Inference threads; 0 = one per GPU, else on a CPU one per core (one thread each) for images"
                    + " up to 3x32x32, one using every core for larger ones"
                    + " (env " + ContainerEnvironment.SERVE_WORKERS + ", default ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = MAX_IMAGE_PIXELS,
            paramLabel = "N",
            defaultValue = "${env:" + ContainerEnvironment.SERVE_MAX_IMAGE_PIXELS + ":-"
                    + InferenceSettings.DEFAULT_MAX_IMAGE_PIXELS + "}",
            description = "Largest image (width x height) decoded; larger ones are refused from their header (env "
                    + ContainerEnvironment.SERVE_MAX_IMAGE_PIXELS + ", default ${DEFAULT-VALUE}).")
    long maxImagePixels;

    /** The settings these options give; an {@link IllegalArgumentException} names the first option out of range. */
    InferenceSettings settings() {
        InferenceSettings.MAX_BATCH_SIZE.check(
                OptionErrors.name(MAX_BATCH_SIZE, ContainerEnvironment.SERVE_MAX_BATCH_SIZE), maxBatchSize);
        InferenceSettings.MAX_BATCH_DELAY_MILLIS.check(
                OptionErrors.name(MAX_BATCH_DELAY_MS, ContainerEnvironment.SERVE_MAX_BATCH_DELAY_MS),
                maxBatchDelayMillis);
        InferenceSettings.WORKERS.check(OptionErrors.name(WORKERS, ContainerEnvironment.SERVE_WORKERS), workers);
        InferenceSettings.MAX_IMAGE_PIXELS.check(
                OptionErrors.name(MAX_IMAGE_PIXELS, ContainerEnvironment.SERVE_MAX_IMAGE_PIXELS), maxImagePixels);
        return new InferenceSettings(maxBatchSize, Duration.ofMillis(maxBatchDelayMillis), workers, maxImagePixels);
    }

    /** {@code --model-dir}, else the model directory of the SageMaker layout under {@code FOVEA_ML_ROOT}. */
    Path modelDirectory() {
        return modelDir != null ? modelDir : MlRoot.fromEnvironment().modelDir();
    }
}
