package dev.fovea.trainer.exchange.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Anyone in the cluster can reach a host's exchange port. Callers that connect and say nothing, send garbage or stop
 * half-way through HTTP/2's preface are closed after the handshake timeout, and so are gRPC clients that open HTTP/2
 * and then make no call with the job's token; a peer's connection, once it has made one, stays open however quiet.
 * A flood of callers with a wrong token is refused one by one but logged once, not once per caller.
 */
class HostileCallersTest {

    private static final String TOKEN = "job-token-4f1c";
    private static final int FLOOD = 40;
    /** Generous: the port closes them after {@link ConnectionSorter#HANDSHAKE_TIMEOUT}, but the machine may be slow. */
    private static final Duration CEILING = ConnectionSorter.HANDSHAKE_TIMEOUT.multipliedBy(6);

    @Test
    void silentGarbageAndHalfFinishedConnectionsAreClosed() throws Exception {
        LoopbackHosts hosts = new LoopbackHosts();
        String logged;
        try (LoopbackHosts.ErrorLog log = new LoopbackHosts.ErrorLog();
                Gang server = hosts.gang(0, TOKEN);
                Socket silent = new Socket("127.0.0.1", hosts.port(0));
                Socket garbage = new Socket("127.0.0.1", hosts.port(0));
                Socket halfPreface = new Socket("127.0.0.1", hosts.port(0))) {
            garbage.getOutputStream()
                    .write("GET / HTTP/1.1\r\nHost: fovea\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // more than the stream magic's 8 bytes, so the port hands it to gRPC, which waits for the rest
            halfPreface.getOutputStream().write("PRI * HTTP/2.0\r\n".getBytes(StandardCharsets.US_ASCII));

            Map<String, Socket> callers = Map.of("silent", silent, "garbage", garbage, "half-preface", halfPreface);
            callers.forEach((name, socket) -> assertThat(readsToTheEnd(socket))
                    .as("the port closed the %s connection", name)
                    .isTrue());
            logged = log.text();
        }
        assertThat(logged).contains("that sent no handshake within " + ConnectionSorter.HANDSHAKE_TIMEOUT.toSeconds());
    }

    @Test
    void grpcClientsWithoutTheTokenAreClosedWhileAQuietPeerKeepsItsConnection() throws Exception {
        LoopbackHosts hosts = new LoopbackHosts();
        String logged;
        try (LoopbackHosts.ErrorLog log = new LoopbackHosts.ErrorLog();
                Gang server = hosts.gang(0, TOKEN)) {
            ManagedChannel silent = plaintext(hosts.port(0));
            ManagedChannel unauthenticated = plaintext(hosts.port(0));
            ManagedChannel peer = plaintext(hosts.port(0));
            Channel peerWithToken = ClientInterceptors.intercept(peer, new ExchangeToken(TOKEN).clientInterceptor());
            try {
                hello(peerWithToken);
                AtomicBoolean peerLeftReady = leavesReady(peer);
                silent.getState(true);
                assertThat(awaitState(silent, ConnectivityState.READY))
                        .as("the silent client completed HTTP/2's opening")
                        .isTrue();
                AtomicBoolean silentLeftReady = leavesReady(silent);
                assertUnauthenticated(unauthenticated);
                AtomicBoolean unauthenticatedLeftReady = leavesReady(unauthenticated);

                assertThat(awaitTrue(silentLeftReady))
                        .as("the port closed the silent client's connection")
                        .isTrue();
                assertThat(awaitTrue(unauthenticatedLeftReady))
                        .as("the port closed the connection whose call had no token")
                        .isTrue();
                assertThat(peerLeftReady)
                        .as("the peer's connection, quiet as long, stayed open")
                        .isFalse();
                assertThat(hello(peerWithToken).kind()).isEqualTo(Envelope.Kind.HELLO);
                assertThat(peerLeftReady).as("and served the next call").isFalse();
            } finally {
                for (ManagedChannel channel : List.of(silent, unauthenticated, peer)) {
                    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                }
            }
            logged = log.text();
        }
        assertThat(lines(logged, "that made no call with the job's token within"))
                .as("two closed connections, one warning: the rest waits for the next interval")
                .isOne();
    }

    @Test
    void aFloodOfCallersWithAWrongTokenIsRefusedAndLoggedOncePerKind() throws Exception {
        LoopbackHosts hosts = new LoopbackHosts();
        String logged;
        try (LoopbackHosts.ErrorLog log = new LoopbackHosts.ErrorLog();
                Gang server = hosts.gang(0, TOKEN)) {
            ManagedChannel channel = plaintext(hosts.port(0));
            try {
                for (int i = 0; i < FLOOD; i++) {
                    assertThat(refusalOfAStream(hosts.port(0))).isEqualTo(StreamHandshake.REFUSED_TOKEN);
                    assertUnauthenticated(channel);
                }
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
            logged = log.text();
        }
        assertThat(lines(logged, "Refused exchange stream RING from")).isOne();
        assertThat(lines(logged, "Refused exchange call Call from")).isOne();
        assertThat(logged).doesNotContain(TOKEN);
    }

    private static ManagedChannel plaintext(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    private static Envelope hello(Channel channel) {
        return ClientCalls.blockingUnaryCall(
                channel,
                ExchangeProtocol.CALL,
                CallOptions.DEFAULT.withDeadlineAfter(CEILING.toNanos(), TimeUnit.NANOSECONDS),
                Envelope.of(Envelope.Kind.HELLO, 1, 0, 0, 0));
    }

    private static void assertUnauthenticated(Channel withoutToken) {
        assertThatThrownBy(() -> hello(withoutToken))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    /** Becomes true when {@code channel}, READY now, changes state (its connection closed). */
    private static AtomicBoolean leavesReady(ManagedChannel channel) {
        assertThat(channel.getState(false)).isEqualTo(ConnectivityState.READY);
        AtomicBoolean left = new AtomicBoolean();
        channel.notifyWhenStateChanged(ConnectivityState.READY, () -> left.set(true));
        return left;
    }

    private static boolean awaitState(ManagedChannel channel, ConnectivityState wanted) throws InterruptedException {
        long deadline = System.nanoTime() + CEILING.toNanos();
        while (channel.getState(false) != wanted && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return channel.getState(false) == wanted;
    }

    private static boolean awaitTrue(AtomicBoolean flag) throws InterruptedException {
        long deadline = System.nanoTime() + CEILING.toNanos();
        while (!flag.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return flag.get();
    }

    /** Sends a stream handshake with a wrong token; returns the port's answer once it has closed the connection. */
    private static int refusalOfAStream(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) CEILING.toMillis());
            ByteBuffer hello =
                    StreamHandshake.hello(StreamPurpose.RING, 1, "not-the-token".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(hello.array(), 0, hello.limit());
            InputStream in = socket.getInputStream();
            int answer = in.read();
            assertThat(in.read()).as("the connection is closed").isEqualTo(-1);
            return answer;
        }
    }

    /** Reads until the peer closes; false if it still holds the connection open after {@link #CEILING}. */
    private static boolean readsToTheEnd(Socket socket) {
        byte[] sink = new byte[4096];
        try {
            socket.setSoTimeout((int) CEILING.toMillis());
            while (socket.getInputStream().read(sink) >= 0) {
                // gRPC may answer garbage with a GOAWAY before closing
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static long lines(String log, String fragment) {
        return Arrays.stream(log.split("\n"))
                .filter(line -> line.contains(fragment))
                .count();
    }
}
