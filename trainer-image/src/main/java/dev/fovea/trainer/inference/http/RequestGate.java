package dev.fovea.trainer.inference.http;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.Ports;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import java.util.Set;

/**
 * Looks at each request's headers before its body is read, and refuses early what would only waste memory: a
 * malformed request (400), a body sent to a path or with a method this server does not serve (404, 405; only
 * invocations have a body budget), a body declared larger than the limit (413), an invocation whose content type is
 * not an image (415), and anything while request bodies already fill their memory budget (503). A refused request's
 * connection is closed, so its body is never read. Requests arriving on open connections while the server drains are
 * served as usual, their answers closing the connection ({@link Replies}). Every request gets its ticket here.
 */
final class RequestGate extends ChannelInboundHandlerAdapter {

    /** SageMaker Image Classification's inference content types; one image per request. */
    static final Set<String> IMAGE_TYPES = Set.of("application/x-image", "image/jpeg", "image/png");

    private static final String IMAGE_TYPES_TEXT = "application/x-image, image/jpeg or image/png";

    private final ServerState state;
    private boolean discarding;

    RequestGate(ServerState state) {
        this.state = state;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            discarding = !admit(ctx, request);
        }
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private boolean admit(ChannelHandlerContext ctx, HttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        boolean invocation = Ports.INVOCATIONS_PATH.equals(path) && HttpMethod.POST.equals(request.method());
        long declared = HttpUtil.getContentLength(request, -1L);
        long maxBody = state.settings.maxBodyBytes();
        long reservation = invocation ? (declared >= 0 ? Math.min(declared, maxBody) : maxBody) : 0;
        boolean reserved = state.open(ctx.channel(), metricPath(path), reservation);
        if (request.decoderResult().isFailure()) {
            return refuse(
                    ctx,
                    HttpResponseStatus.BAD_REQUEST,
                    "malformed HTTP request: " + request.decoderResult().cause().getMessage());
        }
        Routes.Refusal misrouted = Routes.refusal(path, request.method());
        if (misrouted != null && hasBody(request, declared)) {
            return refuse(ctx, misrouted.status(), misrouted.message());
        }
        if (declared > maxBody) {
            return refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge(declared, maxBody));
        }
        if (!reserved) {
            return refuse(
                    ctx,
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "request bodies already fill the server's memory budget; retry later");
        }
        if (invocation && !isImage(request.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
            return refuse(
                    ctx,
                    HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type '" + request.headers().get(HttpHeaderNames.CONTENT_TYPE)
                            + "' is not supported; send one image as " + IMAGE_TYPES_TEXT);
        }
        return true;
    }

    static String tooLarge(long declared, long maxBody) {
        return "the body" + (declared >= 0 ? " of " + declared + " bytes" : "") + " is larger than the " + maxBody
                + " bytes allowed (" + ContainerEnvironment.SERVE_MAX_BODY_BYTES + ")";
    }

    private boolean refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        Replies.error(ctx, state, status, message, false);
        return false;
    }

    /** The path as a metric tag: the served ones, else "other" (unbounded paths would be unbounded series). */
    static String metricPath(String path) {
        return switch (path) {
            case Ports.INVOCATIONS_PATH, Ports.PING_PATH, Ports.METRICS_PATH -> path;
            default -> "other";
        };
    }

    /** Whether a body follows the headers: a length above 0, or chunks. */
    private static boolean hasBody(HttpRequest request, long declared) {
        return declared > 0 || HttpUtil.isTransferEncodingChunked(request);
    }

    static boolean isImage(String contentType) {
        if (contentType == null) {
            return false;
        }
        return IMAGE_TYPES.contains(contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        discarding = false;
        super.channelInactive(ctx);
    }
}
