package dev.fovea.trainer.inference.http;

import dev.fovea.api.contract.ContainerEnvironment;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that hold the server without sending: an idle connection (no request begun within the read
 * timeout of its opening or of the last answer, which also bounds headers sent a byte at a time) is closed, and a
 * request whose body does not arrive whole within the read timeout of its headers is answered 408 and closed. The
 * timers run on the connection's event loop, so a slow sender costs no thread and never delays another client.
 */
final class SlowSenderGuard extends ChannelDuplexHandler {

    private final ServerState state;
    private final long timeoutNanos;
    private ScheduledFuture<?> deadline;
    private boolean receiving;
    private int unanswered;

    SlowSenderGuard(ServerState state) {
        this.state = state;
        this.timeoutNanos = state.settings.readTimeout().toNanos();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            receiving = true;
            arm(ctx);
        }
        if (msg instanceof LastHttpContent) {
            receiving = false;
            unanswered++;
            disarm();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof LastHttpContent) {
            promise = promise.unvoid().addListener(written -> answered(ctx));
        }
        super.write(ctx, msg, promise);
    }

    private void answered(ChannelHandlerContext ctx) {
        unanswered = Math.max(0, unanswered - 1);
        if (unanswered == 0 && !receiving && ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        deadline = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        deadline = null;
        if (!receiving) {
            ctx.close();
            return;
        }
        receiving = false;
        Replies.error(
                ctx,
                state,
                HttpResponseStatus.REQUEST_TIMEOUT,
                String.format(
                        Locale.ROOT,
                        "the request did not arrive whole within %.1f s of its headers (read timeout, %s)",
                        state.settings.readTimeout().toMillis() / 1e3,
                        ContainerEnvironment.SERVE_READ_TIMEOUT_SECONDS),
                false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }
}
