package dev.baton.common.net;

import dev.baton.common.config.Check;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
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
 * The Netty transport for this platform: {@link #best()} is native epoll on Linux, NIO elsewhere. io_uring
 * (Linux 5.x and later, where seccomp lets it through) is taken only when asked for, as the switch's
 * {@code transport: auto} does for relaying listeners: it submits a loop's accepts, connects, reads, writes and
 * closes in one system call, but TCP handoff needs epoll.
 *
 * <pre>{@code
 * Transport t = Transport.best();
 * EventLoopGroup group = t.newGroup(0, "switch-io");
 * }</pre>
 */
public enum Transport {
    IO_URING, EPOLL, NIO;

    /** Netty's io_uring option for multishot polls; read once, when its io_uring classes load. */
    static final String MULTISHOT_POLL = "io.netty.iouring.pollAddMultishotEnabled";

    static {
        // With multishot polls Netty 4.2.18 misses a reset that follows a client's last bytes closely: the
        // connection is never closed (about 1 in 25 such clients in DescriptorLeakTest). One-shot polls see it.
        // An operator's own setting wins.
        if (System.getProperty(MULTISHOT_POLL) == null) {
            System.setProperty(MULTISHOT_POLL, "false");
        }
    }

    /** Epoll when the native library loads, otherwise NIO. */
    public static Transport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** The transport as config names it: io-uring, epoll, nio. */
    public String label() {
        return Check.label(this);
    }

    /** Whether this transport works here (its native library loads and the kernel lets it run). */
    public boolean isAvailable() {
        return switch (this) {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            case NIO -> true;
        };
    }

    /** Why this transport does not work here, or null when it does. */
    public String unavailableReason() {
        Throwable cause = switch (this) {
            case IO_URING -> IoUring.unavailabilityCause();
            case EPOLL -> Epoll.unavailabilityCause();
            case NIO -> null;
        };
        return cause == null ? null : cause.toString();
    }

    /**
     * A new event loop group; {@code threads} 0 means Netty's default (2 x cores). Epoll groups keep idle
     * descriptors registered ({@link KeepRegisteredEpollIoHandler}).
     */
    public EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> KeepRegisteredEpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends SocketChannel> socketChannel() {
        return switch (this) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /**
     * Client channels of {@code target}'s address family: Netty opens dual-stack IPv6 sockets by default,
     * which costs an extra system call on every connect to an IPv4 address. A null target (not known yet)
     * gets such a dual-stack socket, which reaches either family.
     */
    public ChannelFactory<SocketChannel> socketChannelFactory(SocketAddress target) {
        SocketProtocolFamily family = target instanceof InetSocketAddress a && a.getAddress() instanceof Inet4Address
                ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        return switch (this) {
            case IO_URING -> IoUringSocketChannel::new; // Netty offers no family here: a dual-stack socket
            case EPOLL -> () -> new EpollSocketChannel(family);
            case NIO -> () -> new NioSocketChannel(SelectorProvider.provider(), family);
        };
    }
}
