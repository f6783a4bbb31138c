package dev.fovea.trainer.exchange.async;

import dev.fovea.trainer.exchange.transport.Gang;
import dev.fovea.trainer.exchange.transport.StreamConnection;
import dev.fovea.trainer.exchange.transport.StreamPurpose;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one peer's shard stream, on a thread of its own: reads each push or pull, has the {@link ShardServer}
 * apply it, and writes the weight back from the master copy's memory, in order. A request this host cannot serve is refused, with the reason, and
 * the stream closed. The peer may stay silent for as long as it likes between steps (validation, checkpoints); the
 * thread ends when the stream does.
 */
final class ShardStreamServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardStreamServer.class);

    private final Gang gang;
    private final int peer;
    private final ShardServer server;
    private final ByteBuffer gradients;
    private final Thread thread;
    private volatile StreamConnection connection;
    private volatile boolean closed;

    private ShardStreamServer(Gang gang, int peer, ShardServer server, long largestBytes) {
        this.gang = gang;
        this.peer = peer;
        this.server = server;
        this.gradients = ByteBuffer.allocateDirect((int) largestBytes).order(ByteOrder.nativeOrder());
        this.thread =
                Thread.ofPlatform().daemon().name("fovea-shard-server-" + peer).unstarted(this::run);
    }

    /** Starts answering {@code peer}'s shard stream, once it opens it. */
    static ShardStreamServer start(Gang gang, int peer, ShardServer server, long largestBytes) {
        ShardStreamServer streamServer = new ShardStreamServer(gang, peer, server, largestBytes);
        streamServer.thread.start();
        return streamServer;
    }

    private void run() {
        Duration timeout = gang.settings().peerTimeout();
        try {
            connection = gang.streams()
                    .accept(peer, StreamPurpose.SHARD, gang.settings().startupTimeout());
            ByteBuffer header = ShardMessage.buffer();
            while (!closed) {
                header.clear();
                connection.readFully(new ByteBuffer[] {header}, null);
                ShardMessage request = ShardMessage.decode(header);
                ShardMessage.Refusal refusal = refusal(request);
                if (refusal != null) {
                    connection.writeFully(
                            new ByteBuffer[] {
                                ShardMessage.refusal(request.slot(), refusal).encode()
                            },
                            timeout);
                    LOG.warn("Refused a request from {}: {}", gang.group().describe(peer), refusal.reason);
                    return;
                }
                ByteBuffer gradient = null;
                if (request.kind() == ShardMessage.Kind.PUSH) {
                    gradient = gradients.slice(0, (int) request.payloadBytes()).order(ByteOrder.nativeOrder());
                    connection.readFully(new ByteBuffer[] {gradient}, timeout);
                }
                ByteBuffer answer = new ShardMessage(
                                request.kind(),
                                request.slot(),
                                request.step(),
                                (long) server.size(request.slot()) * Float.BYTES)
                        .encode();
                StreamConnection stream = connection;
                server.apply(
                        request.slot(),
                        gradient,
                        weight -> stream.writeFully(new ByteBuffer[] {answer, weight}, timeout));
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.info("Stopped serving {}'s pushes: {}", gang.group().describe(peer), e.getMessage());
            }
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private ShardMessage.Refusal refusal(ShardMessage request) {
        if (request.kind() == null || request.kind() == ShardMessage.Kind.REFUSED) {
            return ShardMessage.Refusal.UNKNOWN_KIND;
        }
        if (!server.serves(request.slot())) {
            return ShardMessage.Refusal.NOT_SERVED_HERE;
        }
        long expected = request.kind() == ShardMessage.Kind.PUSH ? (long) server.size(request.slot()) * Float.BYTES : 0;
        return request.payloadBytes() == expected ? null : ShardMessage.Refusal.WRONG_SIZE;
    }

    @Override
    public void close() {
        closed = true;
        StreamConnection open = connection;
        if (open != null) {
            open.close();
        }
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
