package dev.baton.load.echo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes every byte back. Reading stops while the write is pending, so a client that sends faster than it
 * reads is not buffered without bound (the same backpressure as the switch's relay).
 */
@ChannelHandler.Sharable
final class EchoHandler extends ChannelInboundHandlerAdapter {
    private final AtomicLong echoed;

    /** {@code echoed} counts the bytes written back, across every connection sharing this handler. */
    EchoHandler(AtomicLong echoed) {
        this.echoed = echoed;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            echoed.addAndGet(b.readableBytes());
        }
        ctx.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                ctx.read();
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset from a load-test client: nothing to report
    }
}
