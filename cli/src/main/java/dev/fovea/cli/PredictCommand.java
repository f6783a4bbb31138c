package dev.fovea.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.contract.ExitCodes;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.inference.Predictor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fovea predict --model <dir> <image>...}: prints, for each image, one line with SageMaker's JSON array of class
 * probabilities ({@code [0.01, 0.97, ...]}, index = class label).
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Classifies images with a trained model (Fovea's or SageMaker's); prints one JSON array of class"
                + " probabilities per image.")
public final class PredictCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            description = "The model: the directory a training job wrote (/opt/ml/model), SageMaker's Image"
                    + " Classification model files, or a model.tar.gz of either.")
    Path model;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG images to classify.")
    List<Path> images;

    @Override
    public Integer call() throws JsonProcessingException {
        System.setProperty("ai.djl.offline", "true");
        PrintWriter out = spec.commandLine().getOut();
        try (Predictor predictor = Predictor.open(model)) {
            for (Path image : images) {
                out.println(JSON.writeValueAsString(predictor.classify(image)));
            }
        } catch (ClientError e) {
            spec.commandLine().getErr().println("fovea predict: " + e.getMessage());
            return ExitCodes.CLIENT_ERROR;
        } finally {
            out.flush();
        }
        return ExitCodes.SUCCESS;
    }
}
