package dev.baton.common.handoff;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The control side of a receiver session: HEADER frames in, LOAD reports out every 50 ms. */
final class ReceiverControlHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(ReceiverControlHandler.class);
    static final long LOAD_INTERVAL_MS = 50;

    private final ReceiverSession session;
    private final HandoffServer server;
    private ScheduledFuture<?> loadReports;

    ReceiverControlHandler(ReceiverSession session, HandoffServer server) {
        this.session = session;
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        loadReports = ctx.executor().scheduleAtFixedRate(() -> reportLoad(ctx),
                0, LOAD_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (loadReports != null) {
            loadReports.cancel(false);
        }
    }

    private void reportLoad(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.writeAndFlush(HandoffFrames.load(ctx.alloc(), server.activeConnections(), server.received()), ctx.voidPromise());
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (frame.readByte() != HandoffFrames.HEADER) {
            log.warn("closing handoff session: unexpected frame on the control connection");
            session.close();
            return;
        }
        try {
            session.header(HandoffHeader.decode(frame));
        } catch (IllegalArgumentException e) {
            log.warn("closing handoff session: {}", e.getMessage());
            session.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("handoff control connection failed: {}", cause.toString());
        session.close();
    }
}
