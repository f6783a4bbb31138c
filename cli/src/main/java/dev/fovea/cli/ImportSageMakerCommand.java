package dev.fovea.cli;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.ExitCodes;
import dev.fovea.cli.importer.ImportOptions;
import dev.fovea.cli.importer.ImportResult;
import dev.fovea.cli.importer.ManifestYaml;
import dev.fovea.cli.importer.PretrainedCatalogue;
import dev.fovea.cli.importer.SageMakerImporter;
import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fovea import-sagemaker request.json > job.yaml}: a CreateTrainingJob request as a Fovea manifest. */
@Command(
        name = "import-sagemaker",
        mixinStandardHelpOptions = true,
        description = {
            "Converts a SageMaker CreateTrainingJob request (JSON, as for `aws sagemaker create-training-job "
                    + "--cli-input-json`) for the built-in Image Classification algorithm into an "
                    + "ImageClassificationJob manifest on standard output.",
            "What cannot be carried over is listed as comments at the top of the manifest and on standard error."
        })
public final class ImportSageMakerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REQUEST_JSON", description = "The CreateTrainingJob request; - for stdin.")
    String request;

    @Option(names = "--name", description = "Job name (default: TrainingJobName, lower-cased).")
    String name;

    @Option(
            names = {"-n", "--namespace"},
            description = "Namespace of the job (default: none, kubectl's).")
    String namespace;

    @Option(
            names = "--s3-secret",
            defaultValue = ImportOptions.DEFAULT_S3_SECRET,
            description = "Secret with " + ContainerEnvironment.AWS_ACCESS_KEY_ID + " and "
                    + ContainerEnvironment.AWS_SECRET_ACCESS_KEY + " for every S3 location "
                    + "(default: ${DEFAULT-VALUE}).")
    String s3Secret;

    @Option(names = "--region", description = "AWS region of the buckets, e.g. us-east-1.")
    String region;

    @Option(
            names = "--pretrained-catalogue",
            paramLabel = "LOCATION",
            description = "The cluster's pretrained catalogue, s3://bucket/prefix/ or pvc://claim/path, with one "
                    + "folder per depth (resnet-18, resnet-50, ...): the model channel of a request with "
                    + "use_pretrained_model=1 and none of its own (see docs/pretrained-catalogue.md).")
    String pretrainedCatalogue;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            PretrainedCatalogue catalogue =
                    pretrainedCatalogue == null ? null : new PretrainedCatalogue(pretrainedCatalogue);
            SageMakerImporter importer =
                    new SageMakerImporter(new ImportOptions(name, namespace, s3Secret, region, catalogue));
            ImportResult result;
            try (InputStream json = "-".equals(request) ? System.in : Files.newInputStream(Path.of(request))) {
                result = importer.importRequest(json);
            }
            out.print(ManifestYaml.write(result));
            out.flush();
            result.notes().forEach(note -> err.println("note: " + note));
            return ExitCodes.SUCCESS;
        } catch (NoSuchFileException e) {
            err.println("error: no such file: " + request);
            return ExitCodes.CLIENT_ERROR;
        } catch (ClientError e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.CLIENT_ERROR;
        }
    }
}
