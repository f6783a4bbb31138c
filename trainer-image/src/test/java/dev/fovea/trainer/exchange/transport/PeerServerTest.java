package dev.fovea.trainer.exchange.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.exchange.ExchangeStats;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Where the exchange listens: a port of its own choosing, and a clear error when the one it is given is taken. */
class PeerServerTest {

    private static final ExchangeToken TOKEN = new ExchangeToken("test-token-0123456789");

    @Test
    void portZeroBindsAFreePortAndTellsWhichOne() {
        PeerServer server = serverOn(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try {
            assertThat(server.start().port()).isPositive();
        } finally {
            server.close();
        }
    }

    @Test
    void aTakenPortIsAnErrorNamingTheAddressNotGrpcsNotStarted() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PeerServer server = serverOn(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()));

            assertThatThrownBy(server::start)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("FOVEA_EXCHANGE_PORT")
                    .hasMessageNotContaining("Not started");
        }
    }

    private static PeerServer serverOn(InetSocketAddress address) {
        return new PeerServer(address, 0, TOKEN, new Mailbox(), new ExchangeStats(), new InboundStreams(0, 1));
    }
}
