package dev.fovea.trainer.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.api.status.Progress;
import dev.fovea.api.status.TrainerPhase;
import dev.fovea.trainer.train.EpochMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ObserveServerTest {

    private static final InetSocketAddress LOOPBACK_ANY_PORT =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

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

        try (ObserveServer server = ObserveServer.start(LOOPBACK_ANY_PORT, metrics.registry(), progress::current)) {
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
    void aClientThatSendsSixteenBytesAndStaysSilentBlocksNobodyAndIsDisconnected() throws Exception {
        TrainerMetrics metrics = new TrainerMetrics("j", "algo-1", 1, () -> 0);
        try (ObserveServer server =
                        ObserveServer.start(LOOPBACK_ANY_PORT, metrics.registry(), () -> Progress.starting(1));
                Socket idle = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            idle.getOutputStream().write("GET /progress HT".getBytes(StandardCharsets.US_ASCII));
            idle.getOutputStream().flush();

            for (int i = 0; i < 3; i++) {
                assertThat(get(server, "/progress").statusCode()).isEqualTo(200);
                assertThat(get(server, "/metrics").statusCode()).isEqualTo(200);
            }

            // the server gives a silent request REQUEST_SECONDS, checked once a second; the ceiling is generous
            idle.setSoTimeout((int) Duration.ofMinutes(2).toMillis());
            assertThat(idle.getInputStream().read())
                    .as("the idle connection is closed")
                    .isEqualTo(-1);
        }
    }

    @Test
    void refusesARequestWithHugeHeaders() throws Exception {
        TrainerMetrics metrics = new TrainerMetrics("j", "algo-1", 1, () -> 0);
        try (ObserveServer server =
                        ObserveServer.start(LOOPBACK_ANY_PORT, metrics.registry(), () -> Progress.starting(1));
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            client.setSoTimeout((int) Duration.ofMinutes(2).toMillis());
            OutputStream out = client.getOutputStream();
            out.write("GET /progress HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            String header = "X-Padding: " + "a".repeat(1000) + "\r\n";
            try {
                for (int i = 0; i < 64; i++) { // 64 KB of headers, eight times the limit
                    out.write(header.getBytes(StandardCharsets.US_ASCII));
                }
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedWhileWriting) {
                return; // refused before the client finished: what the limit is for
            }
            String answer;
            try {
                answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException reset) {
                return; // the server dropped the connection: refused
            }
            assertThat(answer).doesNotStartWith("HTTP/1.1 200");
        }
    }

    @Test
    void listensOnTheAddressItIsGivenOnly() throws Exception {
        TrainerMetrics metrics = new TrainerMetrics("j", "algo-1", 1, () -> 0);
        try (ObserveServer server =
                ObserveServer.start(LOOPBACK_ANY_PORT, metrics.registry(), () -> Progress.starting(1))) {
            // bound to 127.0.0.1, not the wildcard address: the kernel accepts no connection from another interface
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(server.address().getAddress().isAnyLocalAddress()).isFalse();
        }
    }

    @Test
    void aPortThatIsTakenIsAnErrorNamingTheAddress() throws Exception {
        TrainerMetrics metrics = new TrainerMetrics("j", "algo-1", 1, () -> 0);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());

            assertThatThrownBy(() -> ObserveServer.start(address, metrics.registry(), () -> Progress.starting(1)))
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageNotContaining("Not started");
        }
    }

    @Test
    void refusesOtherMethods() throws Exception {
        TrainerMetrics metrics = new TrainerMetrics("j", "algo-1", 1, () -> 0);
        try (ObserveServer server =
                ObserveServer.start(LOOPBACK_ANY_PORT, metrics.registry(), () -> Progress.starting(1))) {
            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/progress"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }
}
