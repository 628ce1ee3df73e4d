package dev.baton.app.eventloop;

import dev.baton.app.server.ConnectionTracker;
import dev.baton.app.server.Dispatcher;
import dev.baton.app.server.HttpMetrics;
import dev.baton.app.server.StreamedResponse;
import dev.baton.common.http.FailureResponses;
import dev.baton.common.http.PipelinedResponses;
import dev.baton.common.proxy.ClientAddress;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Serves aggregated requests of one connection without blocking the loop: routes answer with
 * completion stages, responses go out in request order (pipelining), streamed bodies are written as
 * the connection drains. Like common's {@code HttpServerHandler}, plus streaming and graceful drain.
 */
final class AppHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> implements ConnectionTracker.Connection {
    private final Dispatcher dispatcher;
    private final ConnectionTracker tracker;
    private final HttpMetrics metrics;
    private ChannelHandlerContext ctx;
    private final PipelinedResponses<Object> responses = new PipelinedResponses<>();

    AppHttpHandler(Dispatcher dispatcher, ConnectionTracker tracker, HttpMetrics metrics) {
        super(true);
        this.dispatcher = dispatcher;
        this.tracker = tracker;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // An adopted channel (handed off, or moved from another loop) may be active already, and
        // then channelActive never fires for this pipeline.
        if (ctx.channel().isActive()) {
            tracker.opened(this);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        tracker.opened(this);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        tracker.closed(this);
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        long start = System.nanoTime();
        boolean failed = msg.decoderResult().isFailure();
        boolean keepAlive = !failed && HttpUtil.isKeepAlive(msg);
        boolean head = HttpMethod.HEAD.equals(msg.method());
        CompletionStage<Object> response = failed
                ? CompletableFuture.completedFuture(FailureResponses.ofDecoderFailure(msg.decoderResult()))
                : dispatcher.dispatch(msg.method(), msg.uri(), msg.headers().copy(),
                        ByteBufUtil.getBytes(msg.content()), ClientAddress.of(ctx.channel()));
        responses.add(ctx, response, FailureResponses::of, out -> write(out, keepAlive, head, start));
    }

    private void write(Object out, boolean keepAlive, boolean head, long start) {
        if (!ctx.channel().isActive()) {
            ReferenceCountUtil.release(out);
            return;
        }
        boolean close = !keepAlive || tracker.draining();
        ChannelFuture done;
        int status;
        if (out instanceof StreamedResponse streamed) {
            status = streamed.status().code();
            done = writeStreamed(streamed, close, head);
        } else {
            FullHttpResponse full = (FullHttpResponse) out;
            status = full.status().code();
            connectionHeader(full, close);
            done = ctx.writeAndFlush(full);
        }
        done.addListener(f -> {
            metrics.record(status, start);
            answered(close || !f.isSuccess());
        });
    }

    private ChannelFuture writeStreamed(StreamedResponse streamed, boolean close, boolean head) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, streamed.status());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, streamed.contentType());
        HttpUtil.setContentLength(response, streamed.length());
        connectionHeader(response, close);
        ctx.write(response);
        return head
                ? ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                : ctx.writeAndFlush(new HttpChunkedInput(new BodyChunkedInput(streamed)));
    }

    private void answered(boolean close) {
        boolean none = responses.answered();
        if (close) {
            ctx.close();
        } else if (none) {
            if (tracker.draining() || responses.inputClosed()) {
                ctx.close();
            } else {
                responses.resumeReading(ctx);
            }
        }
    }

    private static void connectionHeader(HttpResponse response, boolean close) {
        response.headers().set(HttpHeaderNames.CONNECTION, close ? HttpHeaderValues.CLOSE : HttpHeaderValues.KEEP_ALIVE);
    }

    @Override
    public void closeIfIdle() {
        ctx.executor().execute(() -> {
            if (responses.idle()) {
                ctx.close();
            }
        });
    }

    @Override
    public void forceClose() {
        ctx.close();
    }

    /** The client is done sending: close once everything it asked for is answered. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            responses.inputShutdown(ctx);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
