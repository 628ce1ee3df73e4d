package dev.baton.common.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends a connection whose client may still be sending, after an answer that refused the request (413): the
 * answer is followed by a FIN, and what the client still sends is read and dropped until its EOF, a byte budget
 * or a deadline. Closing at once would leave unread bytes in the receive buffer, so the kernel would send RST,
 * and a client whose upload was still running could lose the answer it had not read yet. (nginx calls this a
 * lingering close.)
 */
public final class LingeringClose extends ChannelInboundHandlerAdapter {
    /** How long, and how many bytes, a refused client's rest is read for; the app tier's blocking models too. */
    public static final long DEADLINE_MS = 2_000;
    public static final long BUDGET_BYTES = 4L * 1024 * 1024;

    private long left = BUDGET_BYTES;

    private LingeringClose() {}

    /** Call once the answer is flushed: half-closes {@code ch} and drains it before closing. */
    static void start(Channel ch) {
        if (!(ch instanceof DuplexChannel duplex) || !ch.isActive() || duplex.isInputShutdown()) {
            ch.close();
            return;
        }
        ch.pipeline().addFirst("linger", new LingeringClose());
        ScheduledFuture<?> deadline = ch.eventLoop().schedule((Runnable) ch::close, DEADLINE_MS, TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(f -> deadline.cancel(false));
        duplex.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) {
                ch.close();
            }
        });
        ch.config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            left -= buf.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (left < 0) {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.close();
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
