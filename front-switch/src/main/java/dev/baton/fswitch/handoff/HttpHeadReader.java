package dev.baton.fswitch.handoff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an HTTP/1.x request head for content-aware dispatch, within a size and a time bound, then leaves the
 * pipeline and fires a {@link RequestHead} (owning every byte read) to the next handler. A head that is
 * malformed or larger than the bound gets 400, one that is not complete in time gets 408; both close.
 */
public final class HttpHeadReader extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpHeadReader.class);

    private final int maxBytes;
    private final long timeoutMillis;
    private ByteBuf head;
    private ScheduledFuture<?> timeout;

    public HttpHeadReader(int maxBytes, long timeoutMillis) {
        this.maxBytes = maxBytes;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        head = ctx.alloc().buffer(Math.min(1024, maxBytes), maxBytes);
        timeout = ctx.executor().schedule(() -> reject(ctx, "408 Request Timeout", "no complete head in time"),
                timeoutMillis, TimeUnit.MILLISECONDS);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf) || head == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (buf.readableBytes() > head.maxWritableBytes()) {
                reject(ctx, "400 Bad Request", "head larger than " + maxBytes + " bytes");
                return;
            }
            head.writeBytes(buf);
        } finally {
            buf.release();
        }
        int end = RequestHead.endOfHead(head);
        if (end < 0) {
            ctx.read();
            return;
        }
        dispatch(ctx, end);
    }

    private void dispatch(ChannelHandlerContext ctx, int end) {
        String path;
        try {
            path = RequestHead.parsePath(head, end);
        } catch (IllegalArgumentException e) {
            reject(ctx, "400 Bad Request", e.getMessage());
            return;
        }
        ByteBuf bytes = head;
        head = null;
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(new RequestHead(path, bytes));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            reject(ctx, "400 Bad Request", "end of input inside the head");
        }
        ReferenceCountUtil.release(evt);
    }

    private void reject(ChannelHandlerContext ctx, String status, String why) {
        if (head == null || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        log.debug("refusing request from {}: {}", ctx.channel().remoteAddress(), why);
        release();
        String response = "HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        ctx.writeAndFlush(Unpooled.copiedBuffer(response, StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (head != null) {
            head.release();
            head = null;
        }
    }
}
