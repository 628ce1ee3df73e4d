package dev.baton.fswitch.relay;

import dev.baton.fswitch.Dispatch;
import dev.baton.fswitch.ListenerConfig;
import dev.baton.common.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener of the switch: accepts clients with reads off and relays or hands off each to a backend. Its context
 * (policy, limits, timeouts) can be swapped while it runs; established connections keep theirs.
 *
 * <pre>{@code
 * SwitchServer server = SwitchServer.bind(context, workers);
 * int port = server.port();
 * }</pre>
 */
public final class SwitchServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwitchServer.class);

    private final AtomicReference<RelayContext> context;
    private final List<Channel> acceptors;
    private final ChannelGroup clients;

    private SwitchServer(AtomicReference<RelayContext> context, List<Channel> acceptors, ChannelGroup clients) {
        this.context = context;
        this.acceptors = acceptors;
        this.clients = clients;
    }

    /**
     * Binds the listener of {@code relay}. With epoll, every I/O loop gets a listening socket of its own on the
     * same port (SO_REUSEPORT), and the kernel spreads new connections over them: a connection is accepted and
     * served on one thread, with no hand-over to another loop.
     *
     * @throws BindException naming the address when the port is taken
     */
    public static SwitchServer bind(RelayContext relay, EventLoopGroup workers)
            throws BindException, InterruptedException {
        ListenerConfig l = relay.listener();
        AtomicReference<RelayContext> context = new AtomicReference<>(relay);
        ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap()
                .channel(relay.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true); // TCP_NODELAY is Netty's default
        b.childHandler(new SwitchInitializer(context::get, clients));
        List<Channel> acceptors = new ArrayList<>();
        try {
            if (relay.transport() == Transport.EPOLL) {
                // SO_REUSEPORT would let another process of this user share the port unnoticed: make sure
                // nobody holds it first, so a second switch on the same port still fails to start.
                refuseIfTaken(l);
                int port = l.port();
                for (EventExecutor e : workers) {
                    EventLoop loop = (EventLoop) e;
                    Channel ch = bindOne(b.clone().group(loop, loop).option(EpollChannelOption.SO_REUSEPORT, true), l, port);
                    acceptors.add(ch);
                    port = ((InetSocketAddress) ch.localAddress()).getPort(); // port 0: the others join the first
                }
            } else {
                acceptors.add(bindOne(b.clone().group(workers, workers), l, l.port()));
            }
        } catch (BindException | RuntimeException | InterruptedException e) {
            acceptors.forEach(Channel::close);
            throw e;
        }
        SwitchServer server = new SwitchServer(context, List.copyOf(acceptors), clients);
        log.info("listener '{}' on {} ({} acceptor(s)): mode {}, dispatch by {} ({}), proxy-protocol {}", l.name(),
                acceptors.get(0).localAddress(), acceptors.size(), l.mode().label(), l.dispatch().label(),
                l.dispatch() == Dispatch.CONTENT ? "LARD/R" : l.policy(), l.proxyProtocol() ? "v2" : "off");
        return server;
    }

    private static Channel bindOne(ServerBootstrap b, ListenerConfig l, int port) throws BindException, InterruptedException {
        try {
            return b.bind(l.bind(), port).sync().channel();
        } catch (Exception e) {
            if (e instanceof BindException || e.getCause() instanceof BindException
                    || String.valueOf(e.getMessage()).contains("Address already in use")) {
                throw inUse(l, port, e.getMessage());
            }
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    private static void refuseIfTaken(ListenerConfig l) throws BindException {
        if (l.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(l.bind(), l.port()));
        } catch (IOException e) {
            throw inUse(l, l.port(), e.getMessage());
        }
    }

    private static BindException inUse(ListenerConfig l, int port, String why) {
        return new BindException("listener '" + l.name() + "': cannot bind " + l.bind() + ":" + port + " (" + why + ")");
    }

    public int port() {
        return ((InetSocketAddress) acceptors.get(0).localAddress()).getPort();
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
        acceptors.forEach(ch -> ch.close().syncUninterruptibly());
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
