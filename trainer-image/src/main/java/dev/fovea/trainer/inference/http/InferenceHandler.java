package dev.fovea.trainer.inference.http;

import dev.fovea.api.contract.Ports;
import dev.fovea.trainer.inference.DynamicBatcher;
import dev.fovea.trainer.inference.InferenceService;
import dev.fovea.trainer.inference.InvalidImageException;
import dev.fovea.trainer.inference.ResponseFormat;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SageMaker's inference contract on one connection: {@code GET /ping}, {@code POST /invocations} (one image, the
 * class probabilities back) and {@code GET /metrics}. A connection reads nothing more while its request is being
 * answered (back-pressure: a client cannot queue work faster than it is done); requests a client pipelined anyway
 * wait their turn here.
 */
final class InferenceHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceHandler.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ServerState state;
    private final ArrayDeque<FullHttpRequest> pipelined = new ArrayDeque<>();
    private boolean busy;

    InferenceHandler(ServerState state) {
        super(false);
        this.state = state;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (busy) {
            pipelined.addLast(request);
            return;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false);
        handle(ctx, request);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String path = new QueryStringDecoder(request.uri()).path();
        try {
            Routes.Refusal refusal = Routes.refusal(path, request.method());
            if (refusal != null) {
                error(ctx, refusal.status(), refusal.message(), keepAlive);
                return;
            }
            switch (path) {
                case Ports.INVOCATIONS_PATH -> invoke(ctx, request, keepAlive);
                case Ports.PING_PATH -> ping(ctx, keepAlive);
                case Ports.METRICS_PATH ->
                    reply(ctx, HttpResponseStatus.OK, PROMETHEUS_TEXT, state.metrics.scrape(), keepAlive);
                default -> throw new IllegalStateException("Routes lets through a path it does not serve: " + path);
            }
        } finally {
            request.release();
        }
    }

    private void ping(ChannelHandlerContext ctx, boolean keepAlive) {
        String status = state.draining() ? "draining" : state.service() == null ? "loading" : "ready";
        HttpResponseStatus code =
                "ready".equals(status) ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE;
        reply(
                ctx,
                code,
                Replies.APPLICATION_JSON,
                new String(Replies.json(Map.of("status", status)), StandardCharsets.UTF_8),
                keepAlive);
    }

    private void invoke(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        InferenceService service = state.service();
        if (service == null) {
            error(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "the model is still loading", keepAlive);
            return;
        }
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        Optional<ResponseFormat> format = ResponseFormat.negotiate(accept);
        if (format.isEmpty()) {
            error(
                    ctx,
                    HttpResponseStatus.NOT_ACCEPTABLE,
                    "Accept '" + accept + "' is not supported; ask for " + ResponseFormat.JSON.mediaType() + " or "
                            + ResponseFormat.JSON_LINES.mediaType(),
                    keepAlive);
            return;
        }
        if (!request.content().isReadable()) {
            error(ctx, HttpResponseStatus.BAD_REQUEST, "the body is empty; send one JPEG or PNG image", keepAlive);
            return;
        }
        byte[] image = ByteBufUtil.getBytes(request.content());
        service.classify(image)
                .whenCompleteAsync(
                        (probabilities, failure) -> answer(ctx, format.get(), probabilities, failure, keepAlive),
                        ctx.executor());
    }

    private void answer(
            ChannelHandlerContext ctx,
            ResponseFormat format,
            float[] probabilities,
            Throwable failure,
            boolean keepAlive) {
        if (failure == null) {
            Replies.send(ctx, state, HttpResponseStatus.OK, format.mediaType(), format.encode(probabilities), keepAlive)
                    .addListener(written -> next(ctx));
            return;
        }
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof InvalidImageException) {
            error(ctx, HttpResponseStatus.BAD_REQUEST, cause.getMessage(), keepAlive);
        } else if (cause instanceof DynamicBatcher.OverloadedException || cause instanceof RejectedExecutionException) {
            error(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, cause.getMessage(), keepAlive);
        } else {
            LOG.error("Inference failed", cause);
            error(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "inference failed: " + cause, keepAlive);
        }
    }

    private void reply(
            ChannelHandlerContext ctx, HttpResponseStatus status, String type, String body, boolean keepAlive) {
        Replies.send(ctx, state, status, type, body.getBytes(StandardCharsets.UTF_8), keepAlive)
                .addListener(written -> next(ctx));
    }

    private void error(ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean keepAlive) {
        Replies.error(ctx, state, status, message, keepAlive).addListener(written -> next(ctx));
    }

    /** The answer is out: take the next pipelined request, or read again. */
    private void next(ChannelHandlerContext ctx) {
        FullHttpRequest waiting = pipelined.pollFirst();
        if (waiting != null) {
            handle(ctx, waiting);
            return;
        }
        busy = false;
        if (ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        pipelined.forEach(FullHttpRequest::release);
        pipelined.clear();
        state.abandon(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Closing the connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
