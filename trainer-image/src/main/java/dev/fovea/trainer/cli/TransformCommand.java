package dev.fovea.trainer.cli;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.ExitCodes;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.inference.DynamicBatcher;
import dev.fovea.trainer.inference.InferenceService;
import dev.fovea.trainer.inference.InferenceSettings;
import dev.fovea.trainer.inference.ResponseFormat;
import dev.fovea.trainer.inference.http.ServerSettings;
import dev.fovea.trainer.inference.transform.BatchTransform;
import dev.fovea.trainer.inference.transform.TransformStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fovea transform}: SageMaker's batch transform for a trained model, one {@code <name>.out} per input image,
 * from a folder or S3 prefix to a folder or S3 prefix (S3 with the {@code AWS_*} variables). Exits 0 when every
 * input was transformed, 2 when some were not images the model reads (each named; the others are written) or an
 * option is wrong, 1 when reading or writing failed (worth a retry).
 */
@Command(
        name = "transform",
        mixinStandardHelpOptions = true,
        description = {
            "Batch transform: classifies every image in --input and writes <name>.out (JSON Lines,"
                    + " {\"prediction\": [...]}) for each into --output, as SageMaker's batch transform does.",
            "--input and --output are folders or s3://bucket/prefix/ (credentials, region and endpoint from the"
                    + " AWS_* variables)."
        })
public final class TransformCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TransformCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    InferenceOptions inference;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FOLDER|S3",
            description = "The images: a folder (searched recursively) or s3://bucket/prefix/.")
    String input;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "FOLDER|S3",
            description = "Where <name>.out goes, with the input's relative names; a folder or s3://bucket/prefix/.")
    String output;

    @Option(
            names = "--accept",
            defaultValue = ResponseFormat.JSON_LINES_TYPE,
            description = "application/jsonlines ({\"prediction\": [...]}, the default) or application/json (the"
                    + " bare array), as SageMaker's Accept.")
    String accept;

    @Option(
            names = "--max-input-bytes",
            paramLabel = "BYTES",
            defaultValue = "${env:" + ContainerEnvironment.SERVE_MAX_BODY_BYTES + ":-"
                    + ServerSettings.DEFAULT_MAX_BODY_BYTES + "}",
            description = "Inputs larger than this are refused unread (env " + ContainerEnvironment.SERVE_MAX_BODY_BYTES
                    + ", default ${DEFAULT-VALUE}, as for a request to fovea serve).")
    long maxInputBytes;

    private final Map<String, String> environment;

    public TransformCommand() {
        this(System.getenv());
    }

    /** A command that reads {@code environment} (the {@code AWS_*} variables) instead of the process's. */
    TransformCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        System.setProperty("ai.djl.offline", "true");
        PrintWriter err = spec.commandLine().getErr();
        try {
            ResponseFormat format = ResponseFormat.negotiate(accept)
                    .orElseThrow(() -> new ClientError("--accept '" + accept + "' is not supported; use "
                            + ResponseFormat.JSON_LINES.mediaType() + " or " + ResponseFormat.JSON.mediaType()));
            InferenceSettings settings = inference.settings();
            try (TransformStore in = TransformStore.open(input, environment, "--input");
                    TransformStore out = TransformStore.open(output, environment, "--output")) {
                List<TransformStore.Item> items = BatchTransform.inputs(in, out);
                BatchTransform.Result result;
                try (InferenceService service =
                        InferenceService.start(inference.modelDirectory(), settings, DynamicBatcher.Observer.NONE)) {
                    result = new BatchTransform(service, format, maxInputBytes, 2 * service.maxBatchSize())
                            .run(in, out, items);
                }
                spec.commandLine().getOut().printf("transformed %d input(s) into %s%n", result.transformed(), output);
                result.refused().forEach(reason -> err.println("fovea transform: refused " + reason));
                return result.refused().isEmpty() ? ExitCodes.SUCCESS : ExitCodes.CLIENT_ERROR;
            }
        } catch (ClientError | IllegalArgumentException e) {
            err.println("fovea transform: " + e.getMessage());
            return ExitCodes.CLIENT_ERROR;
        } catch (IOException | UncheckedIOException | CompletionException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.error("fovea transform failed", cause);
            err.println("fovea transform: " + cause.getMessage());
            return TrainerFailure.ALGORITHM_ERROR;
        } finally {
            err.flush();
            spec.commandLine().getOut().flush();
        }
    }
}
