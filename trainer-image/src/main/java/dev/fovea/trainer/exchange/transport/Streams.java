package dev.fovea.trainer.exchange.transport;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.exchange.ExchangeSettings;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.HostGroup;
import dev.fovea.trainer.exchange.PeerLostException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * This host's stream connections: the ones it opens to peers ({@link #connect}) and the ones peers open to it
 * ({@link #accept}), which arrive on the exchange port, are told apart from gRPC by {@link ConnectionSorter} and
 * wait in {@link InboundStreams} until asked for. Both sides pass the token check of {@link StreamHandshake} first.
 */
public final class Streams implements AutoCloseable {

    private final HostGroup group;
    private final ExchangeToken token;
    private final ExchangeStats stats;
    private final InboundStreams inbound;
    private final List<StreamConnection> opened = new ArrayList<>();

    /** @param group the gang with every peer's address, as learned once this host's server was bound */
    Streams(HostGroup group, ExchangeToken token, ExchangeStats stats, InboundStreams inbound) {
        this.group = group;
        this.token = token;
        this.stats = stats;
        this.inbound = inbound;
    }

    /**
     * Waits for {@code peer}'s stream of {@code purpose}.
     *
     * @throws PeerLostException when it does not come within {@code timeout}
     */
    public StreamConnection accept(int peer, StreamPurpose purpose, Duration timeout) {
        try {
            SocketChannel channel = inbound.take(purpose, peer, timeout);
            return track(new StreamConnection(channel, peer, group.describe(peer), stats));
        } catch (TimeoutException e) {
            throw new PeerLostException(
                    "exchange peer " + group.describe(peer) + " opened no "
                            + purpose.name().toLowerCase() + " stream within " + timeout.toSeconds() + " s",
                    e);
        } catch (ExecutionException e) {
            throw new PeerLostException("no " + purpose + " stream from " + group.describe(peer), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerLostException("interrupted while waiting for " + group.describe(peer), e);
        }
    }

    /**
     * Opens a stream of {@code purpose} to {@code peer} and passes its token check.
     *
     * @throws PeerLostException when the peer cannot be reached or refuses our token
     */
    public StreamConnection connect(int peer, StreamPurpose purpose, Duration timeout) {
        InetSocketAddress address = group.socketAddress(peer, ExchangeSettings.DEFAULT_PORT);
        SocketChannel channel;
        try {
            channel = StreamConnection.tune(SocketChannel.open());
            channel.configureBlocking(false);
            channel.connect(address);
        } catch (IOException e) {
            throw new PeerLostException(
                    "exchange peer " + group.describe(peer) + " is unreachable (" + e.getMessage() + ")", e);
        }
        StreamConnection connection = track(new StreamConnection(channel, peer, group.describe(peer), stats));
        connection.finishConnect(timeout);
        connection.writeFully(new ByteBuffer[] {StreamHandshake.hello(purpose, group.rank(), token.bytes())}, timeout);
        ByteBuffer answer = ByteBuffer.allocate(1);
        connection.readFully(new ByteBuffer[] {answer}, timeout);
        switch (answer.get(0)) {
            case StreamHandshake.ACCEPTED -> {
                return connection;
            }
            case StreamHandshake.REFUSED_TOKEN ->
                throw new PeerLostException("exchange peer " + group.describe(peer)
                        + " refused our exchange token (the hosts hold different "
                        + ContainerEnvironment.EXCHANGE_TOKEN + " values)");
            default ->
                throw new PeerLostException(
                        "exchange peer " + group.describe(peer) + " refused our " + purpose + " stream handshake");
        }
    }

    private synchronized StreamConnection track(StreamConnection connection) {
        opened.add(connection);
        return connection;
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public synchronized void close() {
        opened.forEach(StreamConnection::close);
        inbound.close();
    }
}
