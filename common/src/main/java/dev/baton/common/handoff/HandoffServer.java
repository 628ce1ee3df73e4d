package dev.baton.common.handoff;

import dev.baton.common.config.Directories;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Receives handed-off connections on a Unix domain socket in a private directory (0700, socket 0600).
 * Each connection arrives as a {@link HandedOff}; its receiver wraps the descriptor in a channel.
 *
 * <pre>{@code
 * HandoffServer server = HandoffServer.start(Path.of("run/app-1/handoff.sock"), epollGroup,
 *         active::get, handedOff -> register(new EpollSocketChannel(handedOff.descriptor().intValue())));
 * }</pre>
 */
public final class HandoffServer implements AutoCloseable {
    private final Path socketPath;
    private final int expectedUid;
    private final IntSupplier activeConnections;
    private final Consumer<HandedOff> onConnection;
    private final Map<UUID, ReceiverSession> sessions = new ConcurrentHashMap<>();
    private final ChannelGroup channels = new DefaultChannelGroup("handoff", GlobalEventExecutor.INSTANCE);
    private final AtomicLong received = new AtomicLong();
    private Channel serverChannel;

    private HandoffServer(Path socketPath, int expectedUid, IntSupplier activeConnections, Consumer<HandedOff> onConnection) {
        this.socketPath = socketPath;
        this.expectedUid = expectedUid;
        this.activeConnections = activeConnections;
        this.onConnection = onConnection;
    }

    /**
     * Binds {@code socketPath} and starts accepting senders of this process's user id.
     *
     * @param group an epoll event loop group for the domain socket connections
     * @throws IllegalStateException when epoll is not available (handoff needs Linux)
     */
    public static HandoffServer start(Path socketPath, EventLoopGroup group, IntSupplier activeConnections,
                                      Consumer<HandedOff> onConnection) throws IOException, InterruptedException {
        requireEpoll();
        HandoffServer server = new HandoffServer(socketPath.toAbsolutePath(), PeerCheck.currentUid(), activeConnections, onConnection);
        server.bind(group);
        return server;
    }

    /** Fails with a clear message when the platform cannot pass sockets. */
    public static void requireEpoll() {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("TCP handoff needs Linux with Netty's native epoll transport, which is not available here: "
                    + Epoll.unavailabilityCause());
        }
    }

    private void bind(EventLoopGroup group) throws IOException, InterruptedException {
        Path dir = socketPath.getParent();
        try {
            Directories.createWritable(dir);
        } catch (IOException e) {
            throw new IOException("cannot create the directory of handoff socket " + socketPath + " (" + e.getMessage()
                    + ")", e);
        }
        // The directory, not the socket's own mode, is what keeps other users out during bind.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(socketPath); // a stale socket from a crashed run would make bind fail
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        ch.pipeline().addLast("frames", HandoffFrames.decoder());
                        ch.pipeline().addLast("handshake", new ReceiverHandshakeHandler(HandoffServer.this));
                    }
                })
                .bind(new DomainSocketAddress(socketPath.toFile()))
                .sync()
                .channel();
        Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
    }

    public Path socketPath() {
        return socketPath;
    }

    /** Descriptors received so far. */
    public long received() {
        return received.get();
    }

    void countReceived() {
        received.incrementAndGet();
    }

    int expectedUid() {
        return expectedUid;
    }

    int activeConnections() {
        return activeConnections.getAsInt();
    }

    ReceiverSession session(UUID id) {
        return sessions.computeIfAbsent(id, k -> new ReceiverSession(k, onConnection, () -> sessions.remove(k)));
    }

    /** Stops accepting senders and closes every session (unpaired descriptors are closed). */
    @Override
    public void close() throws IOException {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        sessions.values().forEach(ReceiverSession::close);
        channels.close().awaitUninterruptibly();
        Files.deleteIfExists(socketPath);
    }
}
