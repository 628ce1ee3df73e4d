package dev.baton.superserver.wait;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Gives each admitted connection of a wait service, still unread, to its {@link WaitService}. */
public final class WaitServiceHandler extends ChannelInboundHandlerAdapter {
    private final WaitService service;

    public WaitServiceHandler(WaitService service) {
        this.service = service;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        service.accept(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
