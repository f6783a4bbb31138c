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

    @Option(
            names = "--model-dir",
            paramLabel = "DIR",
            description = "The model directory a training job wrote (default: /opt/ml/model, under $"
                    + ContainerEnvironment.ML_ROOT + " when set).")
    Path modelDir;

    @Option(
            names = "--max-batch-size",
            paramLabel = "N",
            defaultValue = "${env:" + ContainerEnvironment.SERVE_MAX_BATCH_SIZE + ":-"
                    + InferenceSettings.DEFAULT_MAX_BATCH_SIZE + "}",
            description = "Most images per forward pass; 0 picks it from the model's input size (env "
                    + ContainerEnvironment.SERVE_MAX_BATCH_SIZE + ", default ${DEFAULT-VALUE}).")
    int maxBatchSize;

    @Option(
            names = "--max-batch-delay-ms",
            paramLabel = "MS",
            defaultValue = "${env:" + ContainerEnvironment.SERVE_MAX_BATCH_DELAY_MS + ":-"
                    + InferenceSettings.DEFAULT_MAX_BATCH_DELAY_MILLIS + "}",
            description = "How long the oldest waiting image may wait for others to join its batch (env "
                    + ContainerEnvironment.SERVE_MAX_BATCH_DELAY_MS + ", default ${DEFAULT-VALUE}).")
    long maxBatchDelayMillis;

    @Option(
            names = "--workers",
            paramLabel = "N",
            defaultValue =
                    "${env:" + ContainerEnvironment.SERVE_WORKERS + ":-" + InferenceSettings.DEFAULT_WORKERS + "}",
            description = "Inference threads; 0 = one per GPU, else on a CPU one per core (one thread each) for images"
                    + " up to 3x32x32, one using every core for larger ones"
                    + " (env " + ContainerEnvironment.SERVE_WORKERS + ", default ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--max-image-pixels",
            paramLabel = "N",
            defaultValue = "${env:" + ContainerEnvironment.SERVE_MAX_IMAGE_PIXELS + ":-"
                    + InferenceSettings.DEFAULT_MAX_IMAGE_PIXELS + "}",
            description = "Largest image (width x height) decoded; larger ones are refused from their header (env "
                    + ContainerEnvironment.SERVE_MAX_IMAGE_PIXELS + ", default ${DEFAULT-VALUE}).")
    long maxImagePixels;

    InferenceSettings settings() {
        return new InferenceSettings(maxBatchSize, Duration.ofMillis(maxBatchDelayMillis), workers, maxImagePixels);
    }

    /** {@code --model-dir}, else the model directory of the SageMaker layout under {@code FOVEA_ML_ROOT}. */
    Path modelDirectory() {
        return modelDir != null ? modelDir : MlRoot.fromEnvironment().modelDir();
    }
}
