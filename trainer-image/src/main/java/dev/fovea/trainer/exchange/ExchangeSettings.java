package dev.fovea.trainer.exchange;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.Ports;
import dev.fovea.trainer.EnvironmentVariables;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * How a host takes part in the exchange. {@link #fromEnvironment()} reads the variables the operator (or local mode)
 * sets on every trainer:
 * <ul>
 *   <li>{@code FOVEA_EXCHANGE_TOKEN} — the job's secret, required on every exchange call (from Secret {@code <job>-token})</li>
 *   <li>{@code FOVEA_EXCHANGE_PORT} — the port to listen on; default: the port in this host's {@code host_addresses}
 *       entry, else 9090</li>
 *   <li>{@code FOVEA_STARTUP_TIMEOUT_SECONDS} — how long to wait for all peers at startup (default 300)</li>
 *   <li>{@code FOVEA_PEER_TIMEOUT_SECONDS} — how long a running peer may stay silent before it counts as lost (default 120)</li>
 *   <li>{@code FOVEA_EXCHANGE_DEBUG=1} — compare weight checksums across hosts every epoch (dist_sync)</li>
 *   <li>{@code FOVEA_EXCHANGE_WIRE} — how dist_sync sends gradient values: {@code float32} (default, exact),
 *       {@code bfloat16} or {@code float16} (half the bytes, each value rounded; see {@link WireFormat})</li>
 * </ul>
 *
 * @param token the job's exchange token (blank only for a single host)
 * @param listenPort the port to listen on, or 0 for "from host_addresses, else 9090"
 * @param startupTimeout the bounded wait for every peer to answer at startup
 * @param peerTimeout how long any exchange call or wait may take before the peer counts as lost
 * @param debugChecksums whether {@link GradientExchange#endEpoch} compares weight checksums
 * @param bucketFloats how many gradient values travel in one piece of the pipelined ring: a host adds a piece it
 *     received and passes it on while the next piece is still arriving
 * @param wireFormat how dist_sync's ring sends values
 * @param meterRegistry where to register the exchange metrics, or null
 * @param listenAddress the address to listen on ({@code FOVEA_LISTEN_ADDRESS}), or null for every interface
 * @param peerAddresses how this host learns its peers' addresses once its server is bound
 */
public record ExchangeSettings(
        String token,
        int listenPort,
        Duration startupTimeout,
        Duration peerTimeout,
        boolean debugChecksums,
        int bucketFloats,
        WireFormat wireFormat,
        MeterRegistry meterRegistry,
        String listenAddress,
        PeerAddresses peerAddresses) {

    public static final int DEFAULT_PORT = Ports.EXCHANGE;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(300);
    public static final Duration DEFAULT_PEER_TIMEOUT = Duration.ofSeconds(120);
    public static final int DEFAULT_BUCKET_FLOATS = 1 << 16;

    public ExchangeSettings {
        token = token == null ? "" : token.strip();
        listenAddress = listenAddress == null || listenAddress.isBlank() ? null : listenAddress.strip();
        peerAddresses = peerAddresses == null ? PeerAddresses.FIXED : peerAddresses;
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException(
                    ContainerEnvironment.EXCHANGE_PORT + ": " + listenPort + " is not a port (0..65535)");
        }
        requirePositive(ContainerEnvironment.STARTUP_TIMEOUT_SECONDS, startupTimeout);
        requirePositive(ContainerEnvironment.PEER_TIMEOUT_SECONDS, peerTimeout);
        if (bucketFloats < 1) {
            throw new IllegalArgumentException("bucketFloats must be at least 1, got " + bucketFloats);
        }
        wireFormat = wireFormat == null ? WireFormat.FLOAT32 : wireFormat;
    }

    /** Settings for one host with no peers: nothing to listen on, nothing to wait for. */
    public static ExchangeSettings defaults(String token) {
        return builder(token).build();
    }

    /** Settings with every default, holding {@code token}. */
    public static Builder builder(String token) {
        return new Builder(token);
    }

    public static ExchangeSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads the settings from {@code env} (see the class comment); a malformed value names its variable. */
    public static ExchangeSettings fromEnvironment(Map<String, String> env) {
        return builder(env.getOrDefault(ContainerEnvironment.EXCHANGE_TOKEN, ""))
                .listenPort((int) number(env, ContainerEnvironment.EXCHANGE_PORT, 0))
                .timeouts(
                        Duration.ofSeconds(number(
                                env,
                                ContainerEnvironment.STARTUP_TIMEOUT_SECONDS,
                                DEFAULT_STARTUP_TIMEOUT.toSeconds())),
                        Duration.ofSeconds(number(
                                env, ContainerEnvironment.PEER_TIMEOUT_SECONDS, DEFAULT_PEER_TIMEOUT.toSeconds())))
                .debugChecksums(isTrue(env.get(ContainerEnvironment.EXCHANGE_DEBUG)))
                .wireFormat(WireFormat.parse(
                        ContainerEnvironment.EXCHANGE_WIRE,
                        env.getOrDefault(ContainerEnvironment.EXCHANGE_WIRE, WireFormat.FLOAT32.label())))
                .listenAddress(env.get(ContainerEnvironment.LISTEN_ADDRESS))
                .build();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder(token)
                .listenPort(listenPort)
                .timeouts(startupTimeout, peerTimeout)
                .debugChecksums(debugChecksums)
                .bucketFloats(bucketFloats)
                .wireFormat(wireFormat)
                .meterRegistry(meterRegistry)
                .listenAddress(listenAddress)
                .peerAddresses(peerAddresses);
    }

    /** Settings built field by field; {@link #build()} checks them as the record's constructor does. */
    public static final class Builder {

        private final String token;
        private int listenPort;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private Duration peerTimeout = DEFAULT_PEER_TIMEOUT;
        private boolean debugChecksums;
        private int bucketFloats = DEFAULT_BUCKET_FLOATS;
        private WireFormat wireFormat = WireFormat.FLOAT32;
        private MeterRegistry meterRegistry;
        private String listenAddress;
        private PeerAddresses peerAddresses = PeerAddresses.FIXED;

        private Builder(String token) {
            this.token = token;
        }

        public Builder listenPort(int port) {
            this.listenPort = port;
            return this;
        }

        public Builder timeouts(Duration startup, Duration peer) {
            this.startupTimeout = startup;
            this.peerTimeout = peer;
            return this;
        }

        public Builder debugChecksums(boolean debug) {
            this.debugChecksums = debug;
            return this;
        }

        public Builder bucketFloats(int floats) {
            this.bucketFloats = floats;
            return this;
        }

        public Builder wireFormat(WireFormat format) {
            this.wireFormat = format;
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = registry;
            return this;
        }

        public Builder listenAddress(String address) {
            this.listenAddress = address;
            return this;
        }

        /** How this host learns its peers' addresses once its server is bound. */
        public Builder peerAddresses(PeerAddresses addresses) {
            this.peerAddresses = addresses;
            return this;
        }

        public ExchangeSettings build() {
            return new ExchangeSettings(
                    token,
                    listenPort,
                    startupTimeout,
                    peerTimeout,
                    debugChecksums,
                    bucketFloats,
                    wireFormat,
                    meterRegistry,
                    listenAddress,
                    peerAddresses);
        }
    }

    /** Where this host listens: {@link #listenAddress} (every interface when unset) and {@link #portFor}. */
    public InetSocketAddress listenOn(HostGroup group) {
        return listenAddress == null
                ? new InetSocketAddress(portFor(group))
                : new InetSocketAddress(listenAddress, portFor(group));
    }

    /** The port to listen on: {@link #listenPort} if set, else the one in this host's address, else 9090. */
    public int portFor(HostGroup group) {
        return listenPort != 0 ? listenPort : group.ownPort(DEFAULT_PORT);
    }

    @Override
    public String toString() {
        return "ExchangeSettings[token=" + (token.isEmpty() ? "<none>" : "<redacted>") + ", listenPort=" + listenPort
                + ", startupTimeout=" + startupTimeout + ", peerTimeout=" + peerTimeout + ", debugChecksums="
                + debugChecksums + ", bucketFloats=" + bucketFloats + ", wireFormat=" + wireFormat.label()
                + ", listenAddress="
                + (listenAddress == null ? "<all interfaces>" : listenAddress) + "]";
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        return EnvironmentVariables.wholeNumber(env, name, fallback, IllegalArgumentException::new);
    }

    private static boolean isTrue(String value) {
        return value != null && (value.strip().equals("1") || value.strip().equalsIgnoreCase("true"));
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": must be a positive number of seconds, got " + value);
        }
    }
}
