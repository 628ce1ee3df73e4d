package dev.baton.app.server;

import dev.baton.common.handoff.HandoffServer;
import dev.baton.common.net.Transport;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The receiving end of TCP handoff for one app server (issue 4): listens on the handoff socket, passes
 * each received connection to {@link AppServer#adopt}, and reports the server's
 * {@link AppServer#openConnections()} to the switch (every 50 ms, common's {@link HandoffServer}).
 * Needs epoll; a blocking model also needs {@code HandedOffSockets}' JVM flag.
 *
 * <pre>{@code
 * try (HandoffReceiver receiver = HandoffReceiver.start(Path.of("run/app-1/handoff.sock"), server)) { ... }
 * }</pre>
 */
public final class HandoffReceiver implements AutoCloseable {
    private final EventLoopGroup group;
    private final HandoffServer handoff;

    private HandoffReceiver(EventLoopGroup group, HandoffServer handoff) {
        this.group = group;
        this.handoff = handoff;
    }

    /**
     * Binds {@code socketPath} (its directory made private) and starts receiving.
     *
     * @throws IllegalStateException when epoll is not available
     */
    public static HandoffReceiver start(Path socketPath, AppServer server) throws Exception {
        HandoffServer.requireEpoll();
        // Its own loop: the domain sockets only carry small frames and descriptors, whatever the model.
        EventLoopGroup group = Transport.EPOLL.newGroup(1, "app-handoff");
        try {
            return new HandoffReceiver(group, HandoffServer.start(socketPath, group, server::openConnections, server::adopt));
        } catch (Exception e) {
            shutdown(group);
            throw e;
        }
    }

    /** The socket's absolute path (what the registration publishes). */
    public Path socketPath() {
        return handoff.socketPath();
    }

    /** Connections received so far. */
    public long received() {
        return handoff.received();
    }

    /** Stops receiving (unpaired descriptors are closed); connections already adopted stay with the server. */
    @Override
    public void close() throws Exception {
        try {
            handoff.close();
        } finally {
            shutdown(group);
        }
    }

    private static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
