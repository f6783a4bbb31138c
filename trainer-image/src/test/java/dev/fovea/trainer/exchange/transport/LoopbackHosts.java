package dev.fovea.trainer.exchange.transport;

import dev.fovea.trainer.FreePorts;
import dev.fovea.trainer.exchange.ExchangeSettings;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.HostGroup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Two hosts on loopback for the exchange's tests: free ports, a {@link Gang} per rank, and the log they write. */
public final class LoopbackHosts {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    public final HostGroup hosts;

    public LoopbackHosts() {
        hosts = new HostGroup(
                List.of("algo-1", "algo-2"),
                List.of("127.0.0.1:" + FreePorts.pick(), "127.0.0.1:" + FreePorts.pick()),
                0);
    }

    /** Starts host {@code rank}'s exchange with {@code token}. */
    public Gang gang(int rank, String token) {
        return new Gang(rank(rank), settings(token), new ExchangeStats(), List.of());
    }

    /** The same two hosts, seen from host {@code rank}. */
    public HostGroup rank(int rank) {
        return new HostGroup(hosts.hosts(), hosts.addresses(), rank);
    }

    /** The exchange settings every host of these tests runs with: {@code token}, {@link #TIMEOUT} to connect and call. */
    public static ExchangeSettings settings(String token) {
        return ExchangeSettings.builder(token).timeouts(TIMEOUT, TIMEOUT).build();
    }

    /** Host {@code rank}'s exchange port. */
    int port(int rank) {
        String address = hosts.addresses().get(rank);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** What this JVM writes to standard error (where the log goes) while it is open. */
    public static final class ErrorLog implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        public ErrorLog() {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        }

        public String text() {
            return captured.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}
