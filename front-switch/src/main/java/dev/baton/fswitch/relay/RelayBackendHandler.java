package dev.baton.fswitch.relay;

import dev.baton.fswitch.pool.Backend;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The backend side of a relayed connection: writes the backend's bytes to the client, one chunk at a time. */
public final class RelayBackendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RelayBackendHandler.class);

    private final Channel inbound;
    private final Backend backend;
    private final RelayContext relay;
    private final IdleSweeper.Watch idle;

    /** @param idle the client connection's idle watch, stamped when the backend sends; null without a timeout */
    public RelayBackendHandler(Channel inbound, Backend backend, RelayContext relay, IdleSweeper.Watch idle) {
        this.inbound = inbound;
        this.backend = backend;
        this.relay = relay;
        this.idle = idle;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        relay.metrics().bytesOut(buf.readableBytes());
        if (idle != null) {
            idle.touch();
        }
        Relays.forward(buf, inbound, ctx.channel());
        if (!inbound.isWritable()) {
            Relays.setReading(ctx.channel(), false); // a slow client: stop reading the backend
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inbound.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Relays.setReading(inbound, ctx.channel().isWritable()); // the backend drained: read the client again
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            Relays.propagateEof(ctx.channel(), inbound);
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Relays.closeOnFlush(inbound);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ctx.channel().isActive()) {
            // Still connecting (epoll may report a reset connect as readable first, and the read fails with
            // NotYetConnectedException): closing fails the connect, which the frontend counts and retries.
            ctx.close();
            return;
        }
        if (cause instanceof IOException) {
            relay.pool().reset(backend, cause);
            Relays.reset(inbound); // the backend reset: the client sees a reset too
        } else {
            log.warn("relay from backend {} failed", backend, cause);
        }
        ctx.close();
    }
}
