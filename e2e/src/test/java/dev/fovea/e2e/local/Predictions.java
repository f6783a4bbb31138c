package dev.fovea.e2e.local;

import dev.fovea.e2e.scenario.Invocations;
import dev.fovea.e2e.scenario.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code fovea predict} from the packaged CLI, as a user would on a trained model. */
final class Predictions {

    private static final Pattern PROBABILITY_ARRAY = Pattern.compile("\\[([0-9eE.+\\-,\\s]+)]");

    private Predictions() {}

    /** The class with the highest probability in SageMaker's JSON array that {@code fovea predict} prints. */
    static int predictedClass(Repository repository, Path model, Path image) throws IOException, InterruptedException {
        List<String> command =
                repository.distribution().fovea(List.of("predict", "--model", model.toString(), image.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new UncheckedIOException(new IOException("fovea predict failed: "
                    + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)));
        }
        Matcher matcher = PROBABILITY_ARRAY.matcher(output);
        if (!matcher.find()) {
            throw new AssertionError("fovea predict printed no probability array: " + output);
        }
        double[] probabilities = Arrays.stream(matcher.group(1).split(","))
                .mapToDouble(value -> Double.parseDouble(value.strip()))
                .toArray();
        return Invocations.predictedClass(probabilities);
    }
}
