package dev.fovea.operator.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.operator.OperatorConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProgressReaderTest {

    private HttpServer trainer;
    private volatile String body = "";
    private volatile int code = 200;
    private final HttpProgressReader reader = new HttpProgressReader(new OperatorConfig() {
        public Duration progressPollInterval() {
            return Duration.ofSeconds(10);
        }

        public Duration progressTimeout() {
            return Duration.ofSeconds(2);
        }

        public String trainerImage() {
            return "trainer";
        }

        public java.util.Optional<String> trainerServiceAccount() {
            return java.util.Optional.empty();
        }

        public java.util.Optional<java.util.List<String>> trainerImagePullSecrets() {
            return java.util.Optional.empty();
        }

        public CatalogueSettings pretrainedCatalogue() {
            throw new UnsupportedOperationException("the progress reader reads no catalogue");
        }
    });

    @BeforeEach
    void startTrainer() throws IOException {
        trainer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        trainer.createContext("/progress", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        trainer.start();
    }

    @AfterEach
    void stopTrainer() {
        trainer.stop(0);
    }

    @Test
    void readsRankZerosProgressJson() {
        body = "{\"epoch\":3,\"totalEpochs\":10,\"validationAccuracy\":0.81,\"phase\":\"Training\",\"newField\":1}";
        assertThat(reader.read(uri())).hasValueSatisfying(progress -> {
            assertThat(progress.epoch()).isEqualTo(3);
            assertThat(progress.validationAccuracy()).isEqualTo(0.81);
        });
    }

    @Test
    void aTrainerThatIsNotReadyGivesNoProgress() {
        code = 503;
        assertThat(reader.read(uri())).isEmpty();
        code = 200;
        body = "not json";
        assertThat(reader.read(uri())).isEmpty();
        assertThat(reader.read(URI.create("http://127.0.0.1:1/progress"))).isEmpty();
    }

    @Test
    void asksRankZeroUnderTheHostsService() {
        ImageClassificationJob job = new ImageClassificationJob("vision", "cifar", new ImageClassificationJobSpec());
        assertThat(HttpProgressReader.progressUri(job))
                .isEqualTo(URI.create("http://cifar-0.cifar-hosts.vision.svc:8080/progress"));
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + trainer.getAddress().getPort() + "/progress");
    }
}
