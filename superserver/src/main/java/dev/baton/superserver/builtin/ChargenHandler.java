package dev.baton.superserver.builtin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.TimeUnit;

/**
 * RFC 864 character generator: 72-character lines of rotating printable ASCII, for as long as the
 * client reads them. Lines are written only while the channel is writable, so a slow reader costs
 * one outbound buffer, not unbounded memory; input is discarded.
 */
public final class ChargenHandler extends DiscardHandler {
    static final int LINE = 72;
    private static final int FIRST = 32;
    private static final int COUNT = 95;
    private static final int LINES_PER_WRITE = 16;

    private static final int MAX_WRITES_PER_FILL = 64;

    private int start;
    private boolean fillScheduled;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        fill(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        fill(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    private void fill(ChannelHandlerContext ctx) {
        // Bounded per call so a channel that never reports unwritable cannot pin the event loop.
        for (int i = 0; i < MAX_WRITES_PER_FILL && ctx.channel().isActive() && ctx.channel().isWritable(); i++) {
            ctx.writeAndFlush(nextLines(ctx), ctx.voidPromise());
        }
        // Still writable: the kernel took it all. Continue shortly rather than at once, so the loop
        // serves other channels in between and a never-unwritable channel (EmbeddedChannel) is not a busy loop.
        if (ctx.channel().isActive() && ctx.channel().isWritable() && !fillScheduled) {
            fillScheduled = true;
            ctx.executor().schedule(() -> {
                fillScheduled = false;
                fill(ctx);
            }, 1, TimeUnit.MILLISECONDS);
        }
    }

    private ByteBuf nextLines(ChannelHandlerContext ctx) {
        ByteBuf b = ctx.alloc().buffer(LINES_PER_WRITE * (LINE + 2));
        for (int l = 0; l < LINES_PER_WRITE; l++) {
            for (int i = 0; i < LINE; i++) {
                b.writeByte(FIRST + (start + i) % COUNT);
            }
            b.writeByte('\r').writeByte('\n');
            start = (start + 1) % COUNT;
        }
        return b;
    }
}
