package dev.baton.fswitch.relay;

import dev.baton.fswitch.Dispatch;
import dev.baton.fswitch.ListenerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener of the switch: accepts clients with reads off and relays or hands off each to a backend. Its context
 * (policy, limits, timeouts) can be swapped while it runs; established connections keep theirs.
 *
 * <pre>{@code
 * SwitchServer server = SwitchServer.bind(context, boss, workers);
 * int port = server.port();
 * }</pre>
 */
public final class SwitchServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwitchServer.class);
    private static final Duration IDLE_SWEEP = Duration.ofMillis(100);

    private final AtomicReference<RelayContext> context;
    private final Channel serverChannel;

    private final ChannelGroup clients;

    private SwitchServer(AtomicReference<RelayContext> context, Channel serverChannel, ChannelGroup clients) {
        this.context = context;
        this.serverChannel = serverChannel;
        this.clients = clients;
    }

    /**
     * Binds the listener of {@code relay}.
     *
     * @throws BindException naming the address when the port is taken
     */
    public static SwitchServer bind(RelayContext relay, EventLoopGroup boss, EventLoopGroup workers)
            throws BindException, InterruptedException {
        ListenerConfig l = relay.listener();
        AtomicReference<RelayContext> context = new AtomicReference<>(relay);
        ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap()
                // One accepting thread hands connections to the I/O loops. Accepting on the loops themselves
                // (a SO_REUSEPORT socket each) measured no faster here, so the simpler shape stays.
                .group(boss, workers)
                .channel(relay.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOCATOR, Relays.BUFFERS)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true); // TCP_NODELAY is Netty's default
        b.handler(new BackendPreopener(context::get)); // on the accepting thread, before a loop has the client
        // Idle connections are found by a sweep per loop every 100 ms rather than a timer per connection.
        b.childHandler(new SwitchInitializer(context::get, clients, new IdleSweeper(IDLE_SWEEP, System::nanoTime)));
        SwitchServer server;
        try {
            server = new SwitchServer(context, b.bind(l.bind(), l.port()).sync().channel(), clients);
        } catch (Exception e) {
            if (e instanceof BindException || e.getCause() instanceof BindException
                    || String.valueOf(e.getMessage()).contains("Address already in use")) {
                throw new BindException("listener '" + l.name() + "': cannot bind " + l.bind() + ":" + l.port()
                        + " (" + e.getMessage() + ")");
            }
            throw e;
        }
        log.info("listener '{}' on {}: mode {}, dispatch by {} ({}), proxy-protocol {}", l.name(),
                server.serverChannel.localAddress(), l.mode().label(), l.dispatch().label(),
                l.dispatch() == Dispatch.CONTENT ? "LARD/R" : l.policy(), l.proxyProtocol() ? "v2" : "off");
        return server;
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public RelayContext context() {
        return context.get();
    }

    /** New connections get {@code next}; established ones keep what they had. */
    public void swap(RelayContext next) {
        context.set(next);
    }

    /** Client connections open now. */
    public int openConnections() {
        return clients.size();
    }

    /** Stops accepting; established connections go on. */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }

    /** Waits up to {@code deadline} for established connections to end, then closes what is left. */
    public void drain(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!clients.isEmpty() && System.nanoTime() < end) {
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!clients.isEmpty()) {
            log.info("listener '{}': closing {} connections still open after {} ms", context.get().listener().name(),
                    clients.size(), deadline.toMillis());
        }
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        stopAccepting();
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
