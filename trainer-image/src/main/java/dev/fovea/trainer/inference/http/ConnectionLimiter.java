package dev.fovea.trainer.inference.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the number of open connections at most {@code maxConnections}: one more is answered 503 and closed before
 * anything of it is read, so a flood of connections cannot take the memory their buffers would need.
 */
@Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final byte[] REFUSAL = refusal();

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
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelActive();
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
