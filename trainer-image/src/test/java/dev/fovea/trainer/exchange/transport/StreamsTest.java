package dev.fovea.trainer.exchange.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.exchange.ExchangeSettings;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.HostGroup;
import dev.fovea.trainer.exchange.PeerLostException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stream connections share the exchange port with gRPC: they carry bytes between the job's hosts, and only theirs — a
 * caller with a wrong or no token, or a handshake that is not one, is refused before it can send anything.
 */
class StreamsTest {

    private static final String RIGHT = "job-token-right-4f1c";
    private static final String WRONG = "job-token-wrong-9a7e";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void peersWithTheTokenMoveBytesOverTheGrpcPort() throws Exception {
        HostGroup hosts = hosts();
        try (Gang first = gang(hosts, 0, RIGHT);
                Gang second = gang(hosts, 1, RIGHT)) {
            first.awaitPeers();
            StreamConnection out = first.streams().connect(1, StreamPurpose.RING, TIMEOUT);
            StreamConnection in = second.streams().accept(0, StreamPurpose.RING, TIMEOUT);

            out.writeFully(
                    new ByteBuffer[] {ByteBuffer.wrap("gradients".getBytes(StandardCharsets.US_ASCII))}, TIMEOUT);
            ByteBuffer received = ByteBuffer.allocate(9);
            in.readFully(new ByteBuffer[] {received}, TIMEOUT);

            assertThat(new String(received.array(), StandardCharsets.US_ASCII)).isEqualTo("gradients");
            second.awaitPeers();
        }
    }

    @Test
    void aStreamWithAnotherTokenIsRefusedAndTheRefusalIsLoggedWithoutTheToken() throws Exception {
        HostGroup hosts = hosts();
        PrintStream originalErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (Gang server = gang(hosts, 0, RIGHT);
                Gang intruder = gang(hosts, 1, WRONG)) {
            assertThatThrownBy(() -> intruder.streams().connect(0, StreamPurpose.SHARD, TIMEOUT))
                    .isInstanceOf(PeerLostException.class)
                    .hasMessageContaining("algo-1 (" + hosts.addresses().get(0) + ")")
                    .hasMessageContaining("refused our exchange token");
            assertThatThrownBy(() -> server.streams().accept(1, StreamPurpose.SHARD, Duration.ofMillis(200)))
                    .isInstanceOf(PeerLostException.class);
        } finally {
            System.setErr(originalErr);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("Refused exchange stream SHARD from").contains("wrong token");
        assertThat(logged).doesNotContain(WRONG).doesNotContain(RIGHT);
    }

    @Test
    void aMalformedHandshakeIsAnsweredWithARefusalAndClosed() throws Exception {
        HostGroup hosts = hosts();
        try (Gang server = gang(hosts, 0, RIGHT);
                Socket socket = new Socket("127.0.0.1", port(hosts))) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            // the magic, then purpose 9 (there is none), rank 1 and an empty token
            out.write(StreamHandshake.MAGIC);
            out.write(new byte[] {9, 1, 0, 0, 0, 0, 0});
            out.flush();
            InputStream in = socket.getInputStream();

            assertThat(in.read()).isEqualTo(StreamHandshake.REFUSED_MALFORMED);
            assertThat(in.read()).as("the connection is closed").isEqualTo(-1);
        }
    }

    private static Gang gang(HostGroup hosts, int rank, String token) {
        ExchangeSettings settings = ExchangeSettings.defaults(token).withTimeouts(TIMEOUT, TIMEOUT);
        return new Gang(
                new HostGroup(hosts.hosts(), hosts.addresses(), rank), settings, new ExchangeStats(), List.of());
    }

    private static int port(HostGroup hosts) {
        String address = hosts.addresses().get(0);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static HostGroup hosts() throws IOException {
        return new HostGroup(
                List.of("algo-1", "algo-2"), List.of("127.0.0.1:" + freePort(), "127.0.0.1:" + freePort()), 0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
