package dev.fovea.trainer.inference.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.trainer.inference.InferenceSettings;
import dev.fovea.trainer.inference.UntrainedModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flood of connections: those beyond the limit are answered 503 and closed; closing some makes room again. */
class ConnectionLimitTest {

    private static final int MAX_CONNECTIONS = 8;

    @TempDir
    Path models;

    @Test
    void connectionsBeyondTheLimitAre503AndRoomReturnsWhenOthersClose() throws Exception {
        try (ServerHarness server = ServerHarness.start(
                UntrainedModels.digits(models.resolve("model"), false),
                InferenceSettings.defaults(),
                ServerHarness.settings(1024 * 1024, Duration.ofMinutes(5), MAX_CONNECTIONS))) {
            List<RawConnection> open = new ArrayList<>();
            try {
                for (int i = 0; i < MAX_CONNECTIONS; i++) {
                    RawConnection connection = new RawConnection(server.port());
                    open.add(connection);
                    // an answer proves the server counts this connection before the next one opens
                    assertThat(connection
                                    .send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
                                    .readResponse())
                            .startsWith("HTTP/1.1 200");
                }
                assertThat(pingOnNewConnection(server))
                        .startsWith("HTTP/1.1 503")
                        .contains("too many open connections");
            } finally {
                for (RawConnection connection : open) {
                    connection.close();
                }
            }
            awaitPing(server, "HTTP/1.1 200");
        }
    }

    /** Pings on fresh connections until one is answered 200: the server sees the closes on its event loops. */
    private static void awaitPing(ServerHarness server, String status) throws Exception {
        String answer = "";
        for (int attempt = 0; attempt < 1200 && !answer.startsWith(status); attempt++) {
            if (attempt > 0) {
                Thread.sleep(50);
            }
            answer = pingOnNewConnection(server);
        }
        assertThat(answer).startsWith(status);
    }

    private static String pingOnNewConnection(ServerHarness server) throws Exception {
        try (RawConnection probe = new RawConnection(server.port())) {
            return probe.send("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .readUntilClosed();
        }
    }
}
