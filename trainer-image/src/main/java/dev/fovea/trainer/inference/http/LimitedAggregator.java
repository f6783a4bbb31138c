package dev.fovea.trainer.inference.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Netty's aggregation of a request's parts into one, with the body limit: a body that grows past it (sent without a
 * declared length; declared ones are refused by {@link RequestGate} before this) is answered 413 with a message, and
 * the connection is closed without reading the rest.
 */
final class LimitedAggregator extends HttpObjectAggregator {

    private final ServerState state;

    LimitedAggregator(ServerState state) {
        super(Math.toIntExact(state.settings.maxBodyBytes()), true);
        this.state = state;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        Replies.error(
                ctx,
                state,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                RequestGate.tooLarge(-1, state.settings.maxBodyBytes()),
                false);
    }
}
