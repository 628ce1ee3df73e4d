package dev.baton.common.http;

import dev.baton.common.proxy.ClientAddress;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches aggregated requests to a {@link Router} and writes the responses in order. Errors become
 * JSON error responses ({@link FailureResponses}).
 */
public final class HttpServerHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpServerHandler.class);

    private final Router router;
    private final PipelinedResponses<FullHttpResponse> responses = new PipelinedResponses<>();

    public HttpServerHandler(Router router) {
        super(true);
        this.router = router;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        if (msg.decoderResult().isFailure()) {
            respond(ctx, FailureResponses.ofDecoderFailure(msg.decoderResult()), false);
            return;
        }
        responses.add(ctx, dispatch(ctx, msg), FailureResponses::of, out -> written(ctx, out, keepAlive));
    }

    private void written(ChannelHandlerContext ctx, FullHttpResponse out, boolean keepAlive) {
        respond(ctx, out, keepAlive && !responses.inputClosed());
        if (responses.answered() && keepAlive && !responses.inputClosed()) {
            responses.resumeReading(ctx);
        }
    }

    /** The client shut down its sending side (curl does not, scripts often do): answer, then close. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            responses.inputShutdown(ctx);
        }
        super.userEventTriggered(ctx, evt);
    }

    private CompletionStage<FullHttpResponse> dispatch(ChannelHandlerContext ctx, FullHttpRequest msg) {
        try {
            QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
            // Route on the raw path: the router decodes each segment once, so %2F stays inside a key.
            Router.Match match = router.match(msg.method(), uri.rawPath());
            if (match.route() == null) {
                throw match.failure(msg.method(), uri.path());
            }
            Request request = new Request(msg.method(), uri.path(), match.params(), uri.parameters(),
                    msg.headers().copy(), ByteBufUtil.getBytes(msg.content()), ClientAddress.of(ctx.channel()));
            return match.route().handle(request);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        if (!ctx.channel().isActive()) {
            response.release();
            return;
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing {} after {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
