package dev.baton.common.handoff;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.ReferenceCountUtil;

/** The descriptor side of a receiver session: each descriptor read goes to the session for pairing. */
final class ReceiverDescriptorHandler extends ChannelInboundHandlerAdapter {
    private final ReceiverSession session;
    private final HandoffServer server;

    ReceiverDescriptorHandler(ReceiverSession session, HandoffServer server) {
        this.session = session;
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FileDescriptor fd) {
            server.countReceived();
            session.descriptor(fd);
        } else {
            ReferenceCountUtil.release(msg);
            session.close(); // bytes where only descriptors belong: the stream is out of step
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.close();
    }
}
