package dev.baton.fswitch.relay;

import dev.baton.common.net.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;

/**
 * Opens a relay's backend connection on the client's event loop. It does what Netty's {@code Bootstrap} would,
 * without a bootstrap per connection: that one costs two maps, an address-resolver lookup for an address that
 * is already resolved, and a task hop before the connect, on every relayed connection. Opening the socket and
 * connecting it are apart, so the socket can be opened on another thread ahead of time ({@link BackendPreopener}).
 */
final class BackendConnector {
    private BackendConnector() {}

    /**
     * A backend channel, not yet registered: reads off, half-closes allowed, reading into the relay's buffers.
     * A null {@code address} gives a socket of either address family (dual-stack), for a backend not yet chosen.
     *
     * @throws io.netty.channel.ChannelException when the socket cannot be opened (out of descriptors, say)
     */
    static Channel open(Transport transport, SocketAddress address) {
        Channel ch = transport.socketChannelFactory(address).newChannel();
        try {
            ChannelConfig config = ch.config();
            config.setAutoRead(false);
            config.setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            config.setAllocator(Relays.BUFFERS);
        } catch (RuntimeException e) {
            ch.unsafe().closeForcibly();
            throw e;
        }
        return ch;
    }

    /**
     * Registers {@code ch} (from {@link #open}) on {@code loop} and connects it to {@code address}, with
     * {@code handler} in its pipeline. The returned future fails (and the channel is closed) if registering or
     * connecting fails.
     */
    static ChannelFuture connect(EventLoop loop, Channel ch, SocketAddress address, int timeoutMs,
                                 ChannelHandler handler) {
        // Bound to the loop, not to the channel's: a channel that never registered has no loop to notify on.
        ChannelPromise connected = new DefaultChannelPromise(ch, loop);
        try {
            ch.config().setConnectTimeoutMillis(timeoutMs);
            ch.pipeline().addLast(handler);
        } catch (RuntimeException e) {
            ch.unsafe().closeForcibly();
            return connected.setFailure(e);
        }
        loop.register(ch).addListener(registered -> {
            if (!registered.isSuccess()) {
                if (ch.isRegistered()) {
                    ch.close();
                } else {
                    ch.unsafe().closeForcibly();
                }
                connected.setFailure(registered.cause());
                return;
            }
            ch.connect(address, connected).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        });
        return connected;
    }
}
