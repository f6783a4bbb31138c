package dev.fovea.trainer.inference.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/**
 * Writes every answer the server gives, on the connection's event loop: the body with its length, whether the
 * connection stays open, and the request's ticket settled ({@link ServerState#finish}). Errors are JSON,
 * {@code {"message": "..."}}, written for the person who sent the request.
 */
final class Replies {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String APPLICATION_JSON = "application/json";

    private Replies() {}

    /**
     * Answers the oldest open request on {@code ctx}'s connection.
     *
     * @param keepAlive {@code false} closes the connection once the answer is written
     * @return the write, complete once the answer has been written (and the connection closed, if asked)
     */
    static ChannelFuture send(
            ChannelHandlerContext ctx,
            ServerState state,
            HttpResponseStatus status,
            String contentType,
            byte[] body,
            boolean keepAlive) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (status.code() == HttpResponseStatus.SERVICE_UNAVAILABLE.code()) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        boolean open = keepAlive && !state.draining();
        if (!open) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        state.finish(ctx.channel(), status.code());
        ChannelFuture written = ctx.writeAndFlush(response);
        return open ? written : written.addListener(ChannelFutureListener.CLOSE);
    }

    /** An error answer: {@code {"message": message}}. */
    static ChannelFuture error(
            ChannelHandlerContext ctx,
            ServerState state,
            HttpResponseStatus status,
            String message,
            boolean keepAlive) {
        return send(ctx, state, status, APPLICATION_JSON, json(Map.of("message", message)), keepAlive);
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
