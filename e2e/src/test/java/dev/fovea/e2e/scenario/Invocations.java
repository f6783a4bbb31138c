package dev.fovea.e2e.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.contract.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A client of a served model, as a SageMaker client calls an endpoint: one PNG to {@code POST /invocations}. */
public final class Invocations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Invocations() {}

    /** The class probabilities the server at {@code base} answers for the PNG image {@code png}. */
    public static double[] probabilities(URI base, Path png) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(base.resolve(Ports.INVOCATIONS_PATH))
                        .header("Content-Type", "image/png")
                        .header("Accept", "application/json")
                        .timeout(Duration.ofMinutes(2))
                        .POST(HttpRequest.BodyPublishers.ofFile(png))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("POST " + Ports.INVOCATIONS_PATH + " of " + png + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readValue(response.body(), double[].class);
    }

    /** The index of the highest probability: the predicted class. */
    public static int predictedClass(double[] probabilities) {
        int best = 0;
        for (int k = 1; k < probabilities.length; k++) {
            if (probabilities[k] > probabilities[best]) {
                best = k;
            }
        }
        return best;
    }
}
