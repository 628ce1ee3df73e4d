package dev.baton.common.proxy;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The real client address of a connection: from a PROXY header or a handoff when present, else the peer. */
public final class ClientAddress {
    public static final AttributeKey<InetSocketAddress> KEY = AttributeKey.valueOf("baton.clientAddress");

    private ClientAddress() {}

    public static InetSocketAddress of(Channel channel) {
        InetSocketAddress fromHeader = channel.attr(KEY).get();
        if (fromHeader != null) {
            return fromHeader;
        }
        SocketAddress remote = channel.remoteAddress();
        return remote instanceof InetSocketAddress inet ? inet : null;
    }

    public static void set(Channel channel, InetSocketAddress address) {
        channel.attr(KEY).set(address);
    }
}
