package dev.fovea.trainer.exchange.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.exchange.PeerLostException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Stream connections share the exchange port with gRPC: they carry bytes between the job's hosts, and only theirs — a
 * caller with a wrong or no token, or a handshake that is not one, is refused before it can send anything.
 */
class StreamsTest {

    private static final String RIGHT = "job-token-right-4f1c";
    private static final String WRONG = "job-token-wrong-9a7e";
    private static final Duration TIMEOUT = LoopbackHosts.TIMEOUT;

    @Test
    void peersWithTheTokenMoveBytesOverTheGrpcPort() throws Exception {
        LoopbackHosts hosts = new LoopbackHosts();
        try (Gang first = hosts.gang(0, RIGHT);
                Gang second = hosts.gang(1, RIGHT)) {
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
        LoopbackHosts hosts = new LoopbackHosts();
        String logged;
        try (LoopbackHosts.ErrorLog log = new LoopbackHosts.ErrorLog();
                Gang server = hosts.gang(0, RIGHT);
                Gang intruder = hosts.gang(1, WRONG)) {
            assertThatThrownBy(() -> intruder.streams().connect(0, StreamPurpose.SHARD, TIMEOUT))
                    .isInstanceOf(PeerLostException.class)
                    .hasMessageContaining("algo-1 (" + hosts.hosts.addresses().get(0) + ")")
                    .hasMessageContaining("refused our exchange token");
            assertThatThrownBy(() -> server.streams().accept(1, StreamPurpose.SHARD, Duration.ofMillis(200)))
                    .isInstanceOf(PeerLostException.class);
            logged = log.text();
        }
        assertThat(logged).contains("Refused exchange stream SHARD from").contains("wrong token");
        assertThat(logged).doesNotContain(WRONG).doesNotContain(RIGHT);
    }

    @Test
    void aMalformedHandshakeIsAnsweredWithARefusalAndClosed() throws Exception {
        LoopbackHosts hosts = new LoopbackHosts();
        try (Gang server = hosts.gang(0, RIGHT);
                Socket socket = new Socket("127.0.0.1", hosts.port(0))) {
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
}
