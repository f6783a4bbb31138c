package dev.fovea.trainer.inference.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.trainer.data.MnistFixture;
import dev.fovea.trainer.inference.InferenceService;
import dev.fovea.trainer.inference.InferenceSettings;
import dev.fovea.trainer.inference.Predictor;
import dev.fovea.trainer.inference.UntrainedModels;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SageMaker's inference contract against a running server: ping, the two answer formats, metrics, shutdown. */
class ServerContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void pingIs503UntilTheModelIsLoadedThen200() throws Exception {
        Path model = UntrainedModels.digits(temp.resolve("model"), false);
        ServeMetrics metrics = new ServeMetrics(32);
        InferenceServer server =
                InferenceServer.start(ServerHarness.settings(1 << 20, Duration.ofMinutes(1), 64), metrics);
        try (RawConnection ping = new RawConnection(server.port());
                RawConnection invoke = new RawConnection(server.port())) {
            assertThat(ping.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n").readResponse())
                    .startsWith("HTTP/1.1 503")
                    .contains("\"status\":\"loading\"");
            assertThat(invoke.send("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                                    + "Content-Length: 1\r\n\r\nx")
                            .readResponse())
                    .startsWith("HTTP/1.1 503")
                    .contains("still loading");
            try (InferenceService service = InferenceService.start(model, InferenceSettings.defaults(), metrics)) {
                server.ready(service);
                assertThat(ping.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n").readResponse())
                        .startsWith("HTTP/1.1 200")
                        .contains("\"status\":\"ready\"");
                server.shutdown();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void answersTheProbabilitiesAsJsonOrAsJsonLinesAsPredictDoes() throws Exception {
        Path model = UntrainedModels.digits(temp.resolve("model"), false);
        byte[] digit = digit();
        float[] expected = predicted(model, digit);
        try (ServerHarness server = serve(model)) {
            for (String type : new String[] {"image/png", "application/x-image", "image/png; charset=binary"}) {
                HttpResponse<String> json = server.invoke(digit, type, null);
                assertThat(json.statusCode()).as(type).isEqualTo(200);
                assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(floats(JSON.readTree(json.body()))).containsExactly(expected, within(1e-6f));
            }
            HttpResponse<String> lines = server.invoke(digit, "image/png", "application/jsonlines");
            assertThat(lines.headers().firstValue("Content-Type")).hasValue("application/jsonlines");
            assertThat(lines.body()).startsWith("{\"prediction\":").endsWith("}\n");
            assertThat(floats(JSON.readTree(lines.body()).get("prediction"))).containsExactly(expected, within(1e-6f));
            assertThat(server.invoke(digit, "image/png", "application/json, */*")
                            .body())
                    .startsWith("[");
            double sum = 0;
            for (float p : expected) {
                sum += p;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void aMultiLabelModelAnswersIndependentPerClassScores() throws Exception {
        Path model = UntrainedModels.digits(temp.resolve("model"), true);
        byte[] digit = digit();
        float[] expected = predicted(model, digit);
        try (ServerHarness server = serve(model)) {
            float[] served =
                    floats(JSON.readTree(server.invoke(digit, "image/png", null).body()));
            assertThat(served).containsExactly(expected, within(1e-6f));
            assertThat(served).hasSize(10);
            for (float score : served) {
                assertThat(score).isBetween(0f, 1f);
            }
            // sigmoids: each class on its own, not a distribution that sums to 1
            assertThat(sum(served)).isGreaterThan(1.5);
        }
    }

    @Test
    void metricsCountRequestsByStatusBatchesQueueTimeAndModelLoadTime() throws Exception {
        Path model = UntrainedModels.digits(temp.resolve("model"), false);
        byte[] digit = digit();
        try (ServerHarness server = serve(model)) {
            for (int i = 0; i < 3; i++) {
                server.invoke(digit, "image/png", null);
            }
            server.invoke(new byte[] {1, 2, 3}, "image/png", null);
            server.invoke(digit, "text/plain", null);

            String metrics = server.get("/metrics").body();
            assertThat(value(metrics, "fovea_serve_requests_seconds_count\\{path=\"/invocations\",status=\"200\"\\}"))
                    .isEqualTo(3);
            assertThat(value(metrics, "fovea_serve_requests_seconds_count\\{path=\"/invocations\",status=\"400\"\\}"))
                    .isEqualTo(1);
            assertThat(value(metrics, "fovea_serve_requests_seconds_count\\{path=\"/invocations\",status=\"415\"\\}"))
                    .isEqualTo(1);
            assertThat(metrics).contains("fovea_serve_requests_seconds_bucket{path=\"/invocations\",status=\"200\"");
            assertThat(value(metrics, "fovea_serve_batch_size_count")).isEqualTo(3);
            assertThat(value(metrics, "fovea_serve_queue_seconds_count")).isEqualTo(3);
            assertThat(value(metrics, "fovea_serve_in_flight_requests")).isEqualTo(1); // this scrape
            assertThat(value(metrics, "fovea_serve_model_load_seconds")).isPositive();
        }
    }

    @Test
    void shutdownRefusesNewConnectionsAndFinishesTheRequestInFlight() throws Exception {
        Path model = UntrainedModels.digits(temp.resolve("model"), false);
        byte[] digit = digit();
        ServerHarness server = serve(model);
        try (RawConnection inFlight = new RawConnection(server.port())) {
            inFlight.send(invocation(digit)).send(Arrays.copyOf(digit, 20));
            awaitInFlight(server, 1);
            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(server.server::shutdown);
            awaitRefused(server.port());

            inFlight.send(Arrays.copyOfRange(digit, 20, digit.length));
            String answer = inFlight.readUntilClosed();
            assertThat(answer).startsWith("HTTP/1.1 200").contains("connection: close");
            assertThat(drained.get()).isTrue();
        } finally {
            server.service.close();
        }
    }

    /**
     * Behind kube-proxy a client's keep-alive connection keeps reaching a pod that left the Service: while the server
     * drains, a request on a connection opened before is served, its answer closing the connection, and {@code /ping}
     * answers 503 so that readiness fails.
     */
    @Test
    void whileDrainingRequestsOnOpenConnectionsAreServedAndCloseThem() throws Exception {
        Path model = UntrainedModels.digits(temp.resolve("model"), false);
        byte[] digit = digit();
        ServerHarness server = serve(model);
        try (RawConnection keepAlive = new RawConnection(server.port());
                RawConnection pinger = new RawConnection(server.port());
                RawConnection inFlight = new RawConnection(server.port())) {
            String first = keepAlive.send(invocation(digit)).send(digit).readResponse();
            assertThat(first).startsWith("HTTP/1.1 200").doesNotContain("connection: close");
            String ping = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n";
            assertThat(pinger.send(ping).readResponse()).startsWith("HTTP/1.1 200");
            inFlight.send(invocation(digit)).send(Arrays.copyOf(digit, 20));
            awaitInFlight(server, 1);
            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(server.server::shutdown);
            awaitRefused(server.port());

            String next = keepAlive.send(invocation(digit)).send(digit).readResponse();
            assertThat(next).startsWith("HTTP/1.1 200").contains("connection: close");
            assertThat(keepAlive.closedByServer()).isTrue();
            assertThat(pinger.send(ping).readResponse())
                    .startsWith("HTTP/1.1 503")
                    .contains("draining")
                    .contains("connection: close");

            inFlight.send(Arrays.copyOfRange(digit, 20, digit.length));
            assertThat(inFlight.readUntilClosed()).startsWith("HTTP/1.1 200").contains("connection: close");
            assertThat(drained.get()).isTrue();
        } finally {
            server.service.close();
        }
    }

    private static String invocation(byte[] image) {
        return "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: " + image.length
                + "\r\n\r\n";
    }

    private static byte[] digit() throws IOException {
        return Files.readAllBytes(MnistFixture.root().resolve("heldout/3-9925.png"));
    }

    /** What {@code fovea predict} answers for {@code image}. */
    private static float[] predicted(Path model, byte[] image) {
        try (Predictor predictor = Predictor.open(model)) {
            return predictor.classify(image, "digit");
        }
    }

    private static ServerHarness serve(Path model) {
        return ServerHarness.start(
                model, InferenceSettings.defaults(), ServerHarness.settings(1 << 20, Duration.ofMinutes(1), 64));
    }

    private static void awaitInFlight(ServerHarness server, int requests) throws InterruptedException {
        for (int i = 0; i < 6000 && server.metrics.inFlight() < requests; i++) {
            Thread.sleep(10);
        }
        assertThat(server.metrics.inFlight()).isEqualTo(requests);
    }

    private static void awaitRefused(int port) throws Exception {
        for (int i = 0; i < 6000; i++) {
            try (RawConnection probe = new RawConnection(port)) {
                Thread.sleep(10);
            } catch (ConnectException e) {
                return;
            }
        }
        throw new AssertionError("the server still accepts connections after shutdown began");
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    private static double sum(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += value;
        }
        return sum;
    }

    private static double value(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as(series + " in\n" + metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
