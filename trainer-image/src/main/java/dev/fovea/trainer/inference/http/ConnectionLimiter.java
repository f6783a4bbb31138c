package dev.fovea.trainer.inference.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the number of open connections at most {@code maxConnections}: one more is answered 503 and closed, and what
 * it sends is discarded unparsed, so a flood of connections cannot take the memory their buffers would need.
 *
 * <p>A refused connection is half-closed after its answer, and its request read and dropped until the client closes
 * (or {@link #REFUSED_LINGER} passes): closing a socket with unread bytes in it makes the kernel reset the connection,
 * and a reset can discard the 503 before the client has read it.
 */
@Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    static final Duration REFUSED_LINGER = Duration.ofSeconds(2);
    private static final byte[] REFUSAL = refusal();
    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("fovea.refused");

    private final int maxConnections;
    private final ServeMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimiter(int maxConnections, ServeMetrics metrics) {
        this.maxConnections = maxConnections;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() > maxConnections) {
            metrics.connectionRefused();
            refuse(ctx);
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.channel().hasAttr(REFUSED)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static void refuse(ChannelHandlerContext ctx) {
        SocketChannel channel = (SocketChannel) ctx.channel();
        channel.attr(REFUSED).set(true);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(written -> {
            if (written.isSuccess()) {
                channel.shutdownOutput();
            } else {
                channel.close();
            }
        });
        // the client's close ends the channel (no half-closure), else this deadline does
        ctx.executor().schedule(() -> channel.close(), REFUSED_LINGER.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        ctx.fireChannelInactive();
    }

    /** The whole answer, written raw: the connection is closed before the HTTP codec would see anything. */
    private static byte[] refusal() {
        byte[] body = Replies.json(Map.of("message", "too many open connections; retry later"));
        String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + Replies.APPLICATION_JSON
                + "\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] head8 = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head8, head8.length + body.length);
        System.arraycopy(body, 0, all, head8.length, body.length);
        return all;
    }
}
