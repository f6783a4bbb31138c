package dev.fovea.trainer.exchange.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.FreePorts;
import dev.fovea.trainer.exchange.ExchangeSettings;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.HostGroup;
import dev.fovea.trainer.exchange.PeerLostException;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only the job's own pods may talk: a call with a missing or wrong token is refused and the refusal is logged. */
class ExchangeTokenTest {

    private static final String RIGHT = "job-token-right-4f1c";
    private static final String WRONG = "job-token-wrong-9a7e";

    @Test
    void aPeerWithAnotherTokenIsRefusedAndTheRefusalIsLoggedWithoutTheToken() throws Exception {
        HostGroup hosts = hosts();
        PrintStream originalErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (Gang server = gang(new HostGroup(hosts.hosts(), hosts.addresses(), 0), RIGHT);
                Gang intruder = gang(new HostGroup(hosts.hosts(), hosts.addresses(), 1), WRONG)) {
            assertThatThrownBy(intruder::awaitPeers)
                    .isInstanceOf(PeerLostException.class)
                    .hasMessageContaining("algo-1 (" + hosts.addresses().get(0) + ")")
                    .hasMessageContaining("refused our exchange token");
        } finally {
            System.setErr(originalErr);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("Refused exchange call Call from").contains("wrong token");
        assertThat(logged).doesNotContain(WRONG).doesNotContain(RIGHT);
    }

    @Test
    void aCallWithoutATokenIsRefusedAsUnauthenticated() throws Exception {
        HostGroup hosts = hosts();
        try (Gang server = gang(new HostGroup(hosts.hosts(), hosts.addresses(), 0), RIGHT)) {
            ManagedChannel bare = NettyChannelBuilder.forTarget(
                            hosts.addresses().get(0))
                    .usePlaintext()
                    .build();
            try {
                assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(
                                bare,
                                ExchangeProtocol.CALL,
                                CallOptions.DEFAULT.withDeadlineAfter(Duration.ofSeconds(10)),
                                Envelope.of(Envelope.Kind.HELLO, 1, 0, 0, 0)))
                        .isInstanceOfSatisfying(
                                StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            } finally {
                bare.shutdownNow();
            }
        }
    }

    @Test
    void peersWithTheSameTokenFindEachOther() throws Exception {
        HostGroup hosts = hosts();
        try (Gang first = gang(new HostGroup(hosts.hosts(), hosts.addresses(), 0), RIGHT);
                Gang second = gang(new HostGroup(hosts.hosts(), hosts.addresses(), 1), RIGHT)) {
            first.awaitPeers();
            second.awaitPeers();
        }
    }

    private static Gang gang(HostGroup group, String token) {
        ExchangeSettings settings = ExchangeSettings.builder(token)
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
                .build();
        return new Gang(group, settings, new ExchangeStats(), List.of());
    }

    private static HostGroup hosts() {
        return new HostGroup(
                List.of("algo-1", "algo-2"),
                List.of("127.0.0.1:" + FreePorts.pick(), "127.0.0.1:" + FreePorts.pick()),
                0);
    }
}
