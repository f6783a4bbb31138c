package dev.fovea.trainer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.status.Progress;
import dev.fovea.api.status.TrainerPhase;
import dev.fovea.trainer.train.EpochMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ObserveServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(ObserveServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesPrometheusMetricsAndProgressAfterAnEpoch() throws Exception {
        TrainerMetrics metrics = new TrainerMetrics("mnist", "algo-1", 10, () -> 1.5);
        ProgressBoard progress = new ProgressBoard(10, 2);
        EpochMetrics epoch = new EpochMetrics(
                2, 0.91, OptionalDouble.of(0.99), 0.25, OptionalDouble.of(0.93), OptionalDouble.of(0.995), 4.0, 1000);
        metrics.onEpochEnd(epoch);
        progress.onEpochEnd(epoch);
        progress.onCheckpointWritten(Path.of("/opt/ml/checkpoints/epoch-0002"));

        try (ObserveServer server = ObserveServer.start(0, metrics.registry(), progress::current)) {
            HttpResponse<String> scrape = get(server, "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(scrape.body())
                    .contains("fovea_epoch{host=\"algo-1\",job=\"mnist\"} 3.0")
                    .contains("fovea_validation_accuracy{host=\"algo-1\",job=\"mnist\"} 0.93")
                    .contains("fovea_images_per_second{host=\"algo-1\",job=\"mnist\"} 250.0")
                    .contains("fovea_data_wait_seconds{host=\"algo-1\",job=\"mnist\"} 1.5");

            HttpResponse<String> json = get(server, "/progress");
            Progress served = Progress.fromJson(json.body());
            assertThat(served.epoch()).isEqualTo(3);
            assertThat(served.totalEpochs()).isEqualTo(10);
            assertThat(served.validationAccuracy()).isEqualTo(0.93);
            assertThat(served.topKAccuracy()).isEqualTo(0.995);
            assertThat(served.imagesPerSecond()).isEqualTo(500.0);
            assertThat(served.lastCheckpoint()).isEqualTo("epoch-0002");
            assertThat(served.phase()).isEqualTo(TrainerPhase.Starting);
        }
    }

    @Test
    void refusesOtherMethods() throws Exception {
        TrainerMetrics metrics = new TrainerMetrics("j", "algo-1", 1, () -> 0);
        try (ObserveServer server = ObserveServer.start(0, metrics.registry(), () -> Progress.starting(1))) {
            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/progress"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }
}
