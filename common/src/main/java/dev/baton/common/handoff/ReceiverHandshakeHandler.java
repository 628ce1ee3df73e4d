package dev.baton.common.handoff;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketReadMode;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first frame on a receiver connection: checks the peer's user id, then reads HELLO and turns the
 * connection into the control or the descriptor side of a session.
 */
final class ReceiverHandshakeHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(ReceiverHandshakeHandler.class);

    private final HandoffServer server;

    ReceiverHandshakeHandler(HandoffServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        String refusal = PeerCheck.verify((EpollDomainSocketChannel) ctx.channel(), server.expectedUid());
        if (refusal != null) {
            log.warn("refusing handoff connection: {}", refusal);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (frame.readableBytes() != 1 + 1 + 16 || frame.readByte() != HandoffFrames.HELLO) {
            log.warn("closing handoff connection: expected HELLO");
            ctx.close();
            return;
        }
        byte role = frame.readByte();
        UUID id = new UUID(frame.readLong(), frame.readLong());
        boolean isControl = role == HandoffFrames.ROLE_CONTROL;
        if (!isControl && role != HandoffFrames.ROLE_DESCRIPTORS) {
            ctx.close();
            return;
        }
        ReceiverSession session = server.session(id);
        if (!session.attach(ctx.channel(), isControl)) {
            ctx.close();
            return;
        }
        if (isControl) {
            ctx.pipeline().replace(this, "control", new ReceiverControlHandler(session, server));
        } else {
            // From here on the peer sends descriptors only: switch the read mode before acknowledging,
            // so the first descriptor cannot be read as a plain byte (which would close it).
            ((EpollDomainSocketChannel) ctx.channel()).config().setReadMode(DomainSocketReadMode.FILE_DESCRIPTORS);
            ctx.pipeline().remove("frames");
            ctx.pipeline().replace(this, "descriptors", new ReceiverDescriptorHandler(session, server));
        }
        ctx.writeAndFlush(HandoffFrames.ack(ctx.alloc()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("handoff handshake failed: {}", cause.toString());
        ctx.close();
    }
}
