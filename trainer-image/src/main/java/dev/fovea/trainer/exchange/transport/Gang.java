package dev.fovea.trainer.exchange.transport;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.exchange.ExchangeSettings;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.HostGroup;
import dev.fovea.trainer.exchange.PeerLostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's membership in the gang: its server, its channels to the others, and the gang-wide steps every
 * distributed mode needs — waiting for everyone at startup, comparing checksums, saying goodbye, and telling
 * everyone to stop when a peer is lost (so the whole gang fails fast instead of each host waiting out its timeout).
 */
public final class Gang implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gang.class);
    private static final Duration PROBE = Duration.ofSeconds(2);

    private final HostGroup group;
    private final ExchangeSettings settings;
    private final Mailbox mailbox = new Mailbox();
    private final PeerServer server;
    private final PeerClients clients;
    private final Streams streams;
    private final AtomicLong agreements = new AtomicLong();

    /** Starts listening at once, so peers that start earlier find this host while it is still building its model. */
    public Gang(HostGroup group, ExchangeSettings settings, ExchangeStats stats, List<Registration> handlers) {
        this.settings = settings;
        ExchangeToken token = new ExchangeToken(settings.token());
        InboundStreams inbound = new InboundStreams(group.rank(), group.size());
        server = new PeerServer(settings.listenOn(group), group.rank(), token, mailbox, stats, inbound);
        handlers.forEach(registration -> server.handle(registration.kind(), registration.handler()));
        server.start();
        try {
            this.group = settings.peerAddresses().afterBinding(group, server.port());
        } catch (RuntimeException e) {
            server.close();
            inbound.close();
            throw e;
        }
        streams = new Streams(this.group, token, stats, inbound);
        clients = new PeerClients(this.group, token, stats, settings.peerTimeout());
        LOG.info(
                "Gradient exchange for {} listening on port {} ({} hosts)",
                this.group.currentHost(),
                server.port(),
                this.group.size());
    }

    /** A request handler to install before the server starts. */
    public record Registration(Envelope.Kind kind, PeerServer.RequestHandler handler) {}

    public HostGroup group() {
        return group;
    }

    public PeerClients clients() {
        return clients;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    /** The stream connections for bulk data, beside the gRPC calls. */
    public Streams streams() {
        return streams;
    }

    public ExchangeSettings settings() {
        return settings;
    }

    /**
     * Waits until every peer answers, at most the startup timeout.
     *
     * @throws PeerLostException naming the peers that never answered
     */
    public void awaitPeers() {
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        List<Integer> waiting = new ArrayList<>();
        for (int peer = 0; peer < group.size(); peer++) {
            if (peer != group.rank()) {
                waiting.add(peer);
            }
        }
        while (!waiting.isEmpty()) {
            waiting.removeIf(peer -> clients.hello(peer, PROBE));
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                StringJoiner missing = new StringJoiner(", ");
                waiting.forEach(peer -> missing.add(group.describe(peer)));
                throw new PeerLostException("exchange peers never answered within "
                        + settings.startupTimeout().toSeconds() + " s (" + ContainerEnvironment.STARTUP_TIMEOUT_SECONDS
                        + "): " + missing);
            }
            sleep(Duration.ofMillis(200));
        }
        LOG.info("All {} exchange peers answered", group.size() - 1);
    }

    /**
     * Sends {@code value} to every peer and checks that all hosts hold the same one.
     *
     * @param what what the value is, for the error message ("weights after epoch 3")
     * @throws IllegalStateException listing every host's value when they differ
     */
    public void agree(String what, long value) {
        long round = agreements.getAndIncrement();
        ByteBuffer payload =
                ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
        broadcast(Envelope.Kind.CHECKSUM, round, payload);
        StringJoiner all = new StringJoiner(", ");
        boolean same = true;
        for (int peer = 0; peer < group.size(); peer++) {
            long theirs = peer == group.rank()
                    ? value
                    : mailbox.take(
                                    new Mailbox.Key(Envelope.Kind.CHECKSUM, peer, round, 0, 0),
                                    settings.peerTimeout(),
                                    silent(peer, "its checksum of " + what))
                            .payload()
                            .getLong(0);
            same &= theirs == value;
            all.add(group.hosts().get(peer) + "=" + Long.toHexString(theirs));
        }
        if (!same) {
            throw new IllegalStateException("the hosts hold different " + what + ": " + all
                    + " (dist_sync must keep every host's weights identical)");
        }
    }

    /**
     * Tells every peer this host reached barrier {@code round} and waits until all have. A peer may take long to
     * get there (in dist_async a slower host is still training), so the wait is not bounded as such: it lasts while
     * the peer keeps answering probes, and fails once it has been silent for the peer timeout.
     */
    public void barrier(int round) {
        broadcast(Envelope.Kind.BYE, round, ByteBuffer.allocate(0));
        for (int peer = 0; peer < group.size(); peer++) {
            if (peer == group.rank()) {
                continue;
            }
            Mailbox.Key key = new Mailbox.Key(Envelope.Kind.BYE, peer, round, 0, 0);
            long lastAnswer = System.nanoTime();
            while (mailbox.poll(key, PROBE).isEmpty()) {
                if (clients.hello(peer, PROBE)) {
                    lastAnswer = System.nanoTime();
                } else if (System.nanoTime() - lastAnswer
                        > settings.peerTimeout().toNanos()) {
                    throw new PeerLostException(silent(peer, "answer while this host waited for it to finish")
                            .get());
                }
            }
        }
    }

    /** Best effort: tells every peer to stop because of {@code failure}, then fails this host's own waits. */
    public PeerLostException abort(PeerLostException failure) {
        if (!mailbox.aborted()) {
            String reason = group.currentHost() + " stopped: " + failure.getMessage();
            mailbox.abort(failure.getMessage());
            for (int peer = 0; peer < group.size(); peer++) {
                if (peer != group.rank()) {
                    clients.tryDeliver(
                            peer,
                            new Envelope(
                                    Envelope.Kind.ABORT, group.rank(), 0, 0, 0, StandardCharsets.UTF_8.encode(reason)),
                            PROBE);
                }
            }
        }
        return failure;
    }

    /**
     * What to report when data from or to {@code suspect} has not moved for the peer timeout: a stalled transfer
     * waits on a chain of hosts, so this probes every peer at once and names those that do not answer (a dead or
     * frozen host), and only if all answer, {@code suspect} itself.
     */
    public PeerLostException stalled(int suspect, String waitingFor) {
        List<Integer> peers = new ArrayList<>();
        for (int peer = 0; peer < group.size(); peer++) {
            if (peer != group.rank()) {
                peers.add(peer);
            }
        }
        StringJoiner silentPeers = new StringJoiner(", ");
        try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> answers = peers.stream()
                    .map(peer -> probes.submit(() -> clients.hello(peer, PROBE)))
                    .toList();
            for (int i = 0; i < peers.size(); i++) {
                if (!answered(answers.get(i))) {
                    silentPeers.add(group.describe(peers.get(i)));
                }
            }
        }
        if (silentPeers.length() > 0) {
            return new PeerLostException("exchange peer " + silentPeers + " stopped answering while this host waited "
                    + settings.peerTimeout().toSeconds() + " s (" + ContainerEnvironment.PEER_TIMEOUT_SECONDS + ") for "
                    + waitingFor
                    + ": it died or hangs");
        }
        return new PeerLostException(silent(suspect, waitingFor).get());
    }

    /** A host that answers at all, even with a refusal, is not the one that hangs. */
    private static boolean answered(Future<Boolean> probe) {
        try {
            return probe.get();
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The message for a wait on {@code peer} that timed out. */
    public java.util.function.Supplier<String> silent(int peer, String waitingFor) {
        return () -> "exchange peer " + group.describe(peer) + " sent no " + waitingFor + " within "
                + settings.peerTimeout().toSeconds() + " s (" + ContainerEnvironment.PEER_TIMEOUT_SECONDS
                + "): it died or hangs";
    }

    private void broadcast(Envelope.Kind kind, long step, ByteBuffer payload) {
        for (int peer = 0; peer < group.size(); peer++) {
            if (peer != group.rank()) {
                clients.deliver(peer, new Envelope(kind, group.rank(), step, 0, 0, payload.duplicate()));
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerLostException("interrupted while waiting for exchange peers", e);
        }
    }

    @Override
    public void close() {
        streams.close();
        clients.close();
        server.close();
    }
}
