package dev.baton.common.handoff;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * First in the pipeline of a handed-off connection: replays the bytes the switch already read, before
 * anything read from the socket itself, then leaves.
 */
public final class PrefixReplayHandler extends ChannelInboundHandlerAdapter {
    private final byte[] prefix;

    public PrefixReplayHandler(byte[] prefix) {
        this.prefix = prefix;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        if (prefix.length > 0) {
            ctx.fireChannelRead(Unpooled.wrappedBuffer(prefix));
            ctx.fireChannelReadComplete();
        }
        ctx.pipeline().remove(this);
    }
}
