package dev.fovea.trainer.exchange.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.exchange.PeerLostException;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Only the job's own pods may talk: a call with a missing or wrong token is refused and the refusal is logged. */
class ExchangeTokenTest {

    private static final String RIGHT = "job-token-right-4f1c";
    private static final String WRONG = "job-token-wrong-9a7e";

    @Test
    void aPeerWithAnotherTokenIsRefusedAndTheRefusalIsLoggedWithoutTheToken() throws Exception {
        LoopbackHosts hosts = new LoopbackHosts();
        try (LoopbackHosts.ErrorLog log = new LoopbackHosts.ErrorLog()) {
            try (Gang server = hosts.gang(0, RIGHT);
                    Gang intruder = hosts.gang(1, WRONG)) {
                assertThatThrownBy(intruder::awaitPeers)
                        .isInstanceOf(PeerLostException.class)
                        .hasMessageContaining(
                                "algo-1 (" + hosts.hosts.addresses().get(0) + ")")
                        .hasMessageContaining("refused our exchange token");
            }
            assertThat(log.text()).contains("Refused exchange call Call from").contains("wrong token");
            assertThat(log.text()).doesNotContain(WRONG).doesNotContain(RIGHT);
        }
    }

    @Test
    void aCallWithoutATokenIsRefusedAsUnauthenticated() throws Exception {
        LoopbackHosts hosts = new LoopbackHosts();
        try (Gang server = hosts.gang(0, RIGHT)) {
            ManagedChannel bare = NettyChannelBuilder.forTarget(
                            hosts.hosts.addresses().get(0))
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
        LoopbackHosts hosts = new LoopbackHosts();
        try (Gang first = hosts.gang(0, RIGHT);
                Gang second = hosts.gang(1, RIGHT)) {
            first.awaitPeers();
            second.awaitPeers();
        }
    }
}
