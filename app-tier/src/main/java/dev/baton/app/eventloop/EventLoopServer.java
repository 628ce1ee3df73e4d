package dev.baton.app.eventloop;

import dev.baton.app.server.AppServer;
import dev.baton.app.server.ConnectionTracker;
import dev.baton.app.server.Dispatcher;
import dev.baton.app.server.HttpMetrics;
import dev.baton.app.server.ServerModel;
import dev.baton.app.server.ServerSettings;
import dev.baton.common.handoff.HandedOff;
import dev.baton.common.handoff.HandedOffChannels;
import dev.baton.common.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-loop model: Netty with native epoll where available. Nothing blocks a loop: data-tier
 * calls are asynchronous and CPU work runs on a separate pool.
 *
 * <pre>{@code
 * try (EventLoopServer server = EventLoopServer.start(ServerSettings.loopback(), dispatcher, metrics)) { ... }
 * }</pre>
 */
public final class EventLoopServer implements AppServer {
    private static final Logger log = LoggerFactory.getLogger(EventLoopServer.class);

    private final ServerSettings settings;
    private final ConnectionTracker tracker = new ConnectionTracker();
    private final AppChannelInitializer initializer;
    private final AppChannelInitializer handedOffInitializer;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Channel serverChannel;

    private EventLoopServer(ServerSettings settings, Dispatcher dispatcher, HttpMetrics metrics) {
        Transport transport = Transport.best();
        this.settings = settings;
        this.initializer = new AppChannelInitializer(dispatcher, tracker, metrics, settings, true);
        this.handedOffInitializer = new AppChannelInitializer(dispatcher, tracker, metrics, settings, false);
        this.boss = transport.newGroup(1, "app-accept");
        this.workers = transport.newGroup(settings.ioThreads(), "app-io");
    }

    /** Binds and starts serving; fails (with the groups released) when the address is unavailable. */
    public static EventLoopServer start(ServerSettings settings, Dispatcher dispatcher, HttpMetrics metrics) throws Exception {
        EventLoopServer server = new EventLoopServer(settings, dispatcher, metrics);
        try {
            server.bind(Transport.best());
            return server;
        } catch (Exception e) {
            server.shutdownGroups();
            throw e;
        }
    }

    private void bind(Transport transport) throws Exception {
        ChannelFuture bound = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                .bind(settings.bind(), settings.port())
                .sync();
        serverChannel = bound.channel();
        log.info("event-loop server listening on {}", serverChannel.localAddress());
    }

    /**
     * Serves an already-connected channel on this server's loops, exactly as if it had been accepted
     * here (PROXY header included).
     */
    public ChannelFuture adopt(Channel connected) {
        connected.pipeline().addLast(initializer);
        return workers.register(connected);
    }

    /** Wraps the descriptor in an epoll channel on this server's loops, with the handoff pipeline. */
    @Override
    public void adopt(HandedOff connection) {
        if (closed.get()) {
            closeQuietly(connection);
            return;
        }
        try {
            // HandedOffChannels closes a socket whose client reset before it arrived.
            HandedOffChannels.register(connection, workers, handedOffInitializer).addListener((ChannelFuture registered) -> {
                if (!registered.isSuccess()) {
                    log.warn("cannot serve handed-off connection {}: {}", connection.header().connectionId(), registered.cause().toString());
                }
            });
        } catch (RuntimeException e) { // HandedOffChannels closed the descriptor
            log.warn("cannot serve handed-off connection {}: {}", connection.header().connectionId(), e.toString());
        }
    }

    private static void closeQuietly(HandedOff connection) {
        try {
            connection.descriptor().close();
        } catch (java.io.IOException e) {
            log.debug("closing a handed-off descriptor failed: {}", e.toString());
        }
    }

    @Override
    public ServerModel model() {
        return ServerModel.EVENT_LOOP;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    @Override
    public int openConnections() {
        return tracker.size();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        try {
            int forced = tracker.drain(settings.drainTimeout());
            if (forced > 0) {
                log.warn("closed {} connections still busy after the drain deadline of {}", forced, settings.drainTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutdownGroups();
    }

    private void shutdownGroups() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
