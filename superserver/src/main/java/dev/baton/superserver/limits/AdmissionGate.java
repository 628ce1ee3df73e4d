package dev.baton.superserver.limits;

import com.codahale.metrics.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * First handler of every service connection: asks the {@link ConnectionLimiter} and closes a refused
 * connection at once, before any byte is read; an admitted one is released when it closes.
 */
public final class AdmissionGate extends ChannelInboundHandlerAdapter {
    private final ConnectionLimiter limiter;
    private final RefusalLog refusals;
    private final Counter refusedCounter;
    private InetAddress admitted;

    public AdmissionGate(ConnectionLimiter limiter, RefusalLog refusals, Counter refusedCounter) {
        this.limiter = limiter;
        this.refusals = refusals;
        this.refusedCounter = refusedCounter;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            ctx.close();
            return;
        }
        Refusal why = limiter.admit(inet.getAddress());
        if (why != null) {
            refusedCounter.inc();
            refusals.refused(why, inet.getAddress().getHostAddress());
            ctx.close();
            return;
        }
        admitted = inet.getAddress();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (admitted != null) {
            limiter.release(admitted);
            admitted = null;
            ctx.fireChannelInactive();
        }
    }
}
