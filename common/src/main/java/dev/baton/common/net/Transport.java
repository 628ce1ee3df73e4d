package dev.baton.common.net;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.spi.SelectorProvider;

/**
 * The Netty transport for this platform: native epoll on Linux, NIO elsewhere.
 *
 * <pre>{@code
 * Transport t = Transport.best();
 * EventLoopGroup group = t.newGroup(0, "switch-io");
 * }</pre>
 */
public enum Transport {
    EPOLL, NIO;

    /** Epoll when the native library loads, otherwise NIO. */
    public static Transport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Why epoll is not available, or null when it is. */
    public static String epollUnavailableReason() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? null : cause.toString();
    }

    /**
     * A new event loop group; {@code threads} 0 means Netty's default (2 x cores). Epoll groups keep idle
     * descriptors registered ({@link KeepRegisteredEpollIoHandler}).
     */
    public EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = this == EPOLL ? KeepRegisteredEpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * Client channels of {@code target}'s address family: Netty opens dual-stack IPv6 sockets by default,
     * which costs an extra system call on every connect to an IPv4 address.
     */
    public ChannelFactory<SocketChannel> socketChannelFactory(SocketAddress target) {
        SocketProtocolFamily family = target instanceof InetSocketAddress a && a.getAddress() instanceof Inet4Address
                ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        return this == EPOLL
                ? () -> new EpollSocketChannel(family)
                : () -> new NioSocketChannel(SelectorProvider.provider(), family);
    }
}
