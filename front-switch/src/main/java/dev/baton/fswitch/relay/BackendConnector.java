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
 * is already resolved, and a task hop before the connect, on every relayed connection.
 */
final class BackendConnector {
    private BackendConnector() {}

    /**
     * A channel to {@code address} with reads off and half-closes allowed, {@code handler} in its pipeline.
     * The returned future fails (and the channel is closed) if registering or connecting fails.
     */
    static ChannelFuture connect(EventLoop loop, Transport transport, SocketAddress address, int timeoutMs,
                                 ChannelHandler handler) {
        Channel ch = transport.socketChannelFactory(address).newChannel();
        // Bound to the loop, not to the channel's: a channel that never registered has no loop to notify on.
        ChannelPromise connected = new DefaultChannelPromise(ch, loop);
        try {
            ChannelConfig config = ch.config();
            config.setAutoRead(false);
            config.setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            config.setConnectTimeoutMillis(timeoutMs);
            config.setAllocator(Relays.BUFFERS);
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
