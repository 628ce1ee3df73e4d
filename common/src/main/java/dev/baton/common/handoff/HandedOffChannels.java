package dev.baton.common.handoff;

import dev.baton.common.proxy.ClientAddress;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;

/** Turns a received descriptor into a served Netty channel. */
public final class HandedOffChannels {
    private HandedOffChannels() {}

    /**
     * Wraps the descriptor in an epoll channel, records the client address, replays the prefix first, and
     * registers it on {@code group} with {@code initializer}. The channel owns the descriptor from here on.
     */
    public static ChannelFuture register(HandedOff connection, EventLoopGroup group, ChannelHandler initializer) {
        EpollSocketChannel channel;
        try {
            channel = new EpollSocketChannel(connection.descriptor().intValue());
        } catch (RuntimeException e) {
            ReceiverSession.closeQuietly(connection.descriptor());
            throw e;
        }
        ClientAddress.set(channel, connection.header().client());
        channel.pipeline().addLast("prefix", new PrefixReplayHandler(connection.header().prefix()));
        channel.pipeline().addLast(initializer);
        ChannelFuture registered = group.register(channel);
        // A client that reset before its descriptor arrived leaves a socket Netty sees as inactive: nothing
        // would ever read or close it, so close it here or the descriptor leaks.
        registered.addListener(f -> {
            if (!f.isSuccess() || !channel.isActive()) {
                channel.close();
            }
        });
        return registered;
    }
}
