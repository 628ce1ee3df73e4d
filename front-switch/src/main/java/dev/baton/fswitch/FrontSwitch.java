package dev.baton.fswitch;

import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.Membership;
import dev.baton.common.discovery.ServiceNames;
import dev.baton.common.http.AdminRoutes;
import dev.baton.common.http.HttpServerInitializer;
import dev.baton.common.lifecycle.Closeables;
import dev.baton.common.metrics.MetricsSetup;
import dev.baton.common.net.Transport;
import dev.baton.common.zk.ZooKeeperClients;
import dev.baton.common.discovery.HostIdentity;
import dev.baton.common.handoff.HandoffServer;
import dev.baton.fswitch.admin.AdminApi;
import dev.baton.fswitch.admin.NoConfigFileException;
import dev.baton.fswitch.handoff.HandoffClients;
import dev.baton.fswitch.health.ActiveHealthChecker;
import dev.baton.fswitch.policy.Lard;
import dev.baton.fswitch.policy.Policies;
import dev.baton.fswitch.pool.Backend;
import dev.baton.fswitch.pool.BackendPool;
import dev.baton.fswitch.pool.BackendState;
import dev.baton.fswitch.pool.PoolListener;
import dev.baton.fswitch.relay.ConnectionGate;
import dev.baton.fswitch.relay.RelayContext;
import dev.baton.fswitch.relay.SwitchMetrics;
import dev.baton.fswitch.relay.SwitchServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole switch: ZooKeeper membership feeding the backend pool, one {@link SwitchServer} per listener,
 * a handoff client per same-host backend, active health checks and the admin API. Closing it stops accepting, lets relayed connections finish
 * within the drain deadline, then stops everything else.
 *
 * <pre>{@code
 * try (FrontSwitch fs = FrontSwitch.start(SwitchConfig.defaults(), Clock.systemUTC())) {
 *     int port = fs.port("main");
 * }
 * }</pre>
 */
public final class FrontSwitch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FrontSwitch.class);

    private final Clock clock;
    private Transport transport;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, SwitchServer> listeners = new LinkedHashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile SwitchConfig config;
    private MetricsSetup metricsSetup;
    private SwitchMetrics metrics;
    private BackendPool pool;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private EventLoopGroup adminGroup;
    private CuratorFramework curator;
    private Membership membership;
    private ActiveHealthChecker checker;
    private ConnectionGate gate;
    private HandoffClients handoffs;
    private Channel adminChannel;
    private volatile AdminApi.Reloader reloader = () -> {
        throw new NoConfigFileException();
    };

    private FrontSwitch(SwitchConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts the switch; on failure everything started so far is closed again.
     *
     * @throws BindException when a listener's or the admin port is taken
     */
    public static FrontSwitch start(SwitchConfig config, Clock clock) throws Exception {
        FrontSwitch fs = new FrontSwitch(config, clock);
        try {
            fs.startAll();
            return fs;
        } catch (Exception | Error e) {
            fs.closeAll();
            throw e;
        }
    }

    private void startAll() throws Exception {
        transport = config.transport().resolve(config.handsOff());
        checkModes(config, transport);
        metricsSetup = MetricsSetup.start("switch"); // closed last, after what reports to it
        metrics = new SwitchMetrics(metricsSetup.registry());
        metrics.registry().gauge("backends.up", () -> () -> countState(BackendState.UP));
        metrics.registry().gauge("backends.total", () -> () -> pool.backends().size());
        handoffs = new HandoffClients(HostIdentity.current(), transport == Transport.EPOLL);
        pool = new BackendPool(config.health(), clock, PoolListener.both(metrics, handoffs));
        pool.reconfigure(config.health(), config.limits().backendMaxConnections(), config.limits().queueSize(),
                config.limits().queueTimeoutMs());
        metrics.registry().gauge("queue.depth", () -> () -> pool.queue().depth());
        boss = transport.newGroup(1, "switch-accept");
        workers = transport.newGroup(config.ioThreads(), "switch-io");
        adminGroup = transport.newGroup(1, "switch-admin");
        gate = new ConnectionGate(config.limits().maxConnections(), config.limits().sourceRatePerSecond(), null);
        for (ListenerConfig l : config.listeners()) {
            listeners.put(l.name(), SwitchServer.bind(context(l, null), boss, workers));
            logMode(l);
        }
        adminChannel = bindAdmin();
        curator = ZooKeeperClients.start(config.zookeeper(), Duration.ofMillis(config.zookeeperSessionMs()),
                Duration.ofSeconds(15));
        Discovery discovery = keep(Discovery.start(curator));
        membership = keep(discovery.watch(ServiceNames.APP, Duration.ofMillis(config.coalesceMs()), pool::update));
        checker = new ActiveHealthChecker(pool, config.health(), transport, workers);
        log.info("switch up: {} listener(s), admin on {}, ZooKeeper {}, {} transport", listeners.size(),
                adminChannel.localAddress(), config.zookeeper(), transport.label());
    }

    private RelayContext context(ListenerConfig l, RelayContext previous) {
        boolean samePolicy = previous != null && previous.listener().policy().equals(l.policy());
        boolean handoff = l.mode() != Mode.RELAY && transport == Transport.EPOLL;
        return new RelayContext(l, samePolicy ? previous.policy() : Policies.create(l.policy()), pool, transport,
                metrics, gate, handoff ? handoffs : null, lard(l, previous));
    }

    /** The listener's LARD/R state; a reload keeps the server sets while the content settings stay the same. */
    private Lard lard(ListenerConfig l, RelayContext previous) {
        if (l.dispatch() != Dispatch.CONTENT) {
            return null;
        }
        boolean same = previous != null && previous.lard() != null && previous.listener().content().equals(l.content());
        return same ? previous.lard() : new Lard(l.content(), clock);
    }

    /** Handoff needs epoll: a handoff listener refuses to start without it, an auto one relays and says so. */
    private static void checkModes(SwitchConfig config, Transport transport) {
        for (ListenerConfig l : config.listeners()) {
            if (l.mode() == Mode.HANDOFF) {
                try {
                    HandoffServer.requireEpoll();
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("listener '" + l.name() + "': mode handoff: " + e.getMessage(), e);
                }
                if (transport != Transport.EPOLL) {
                    throw new IllegalStateException("listener '" + l.name() + "': mode handoff needs transport epoll,"
                            + " and the switch runs on " + transport.label());
                }
            }
        }
    }

    private void logMode(ListenerConfig l) {
        if (l.mode() != Mode.RELAY && transport != Transport.EPOLL) {
            log.warn("listener '{}': mode {} relays every connection: TCP handoff needs epoll, and the switch runs on {}{}",
                    l.name(), l.mode().label(), transport.label(),
                    Transport.EPOLL.isAvailable() ? " (transport: epoll, and a restart, allow it)"
                            : " (" + Transport.EPOLL.unavailableReason() + ")");
        }
    }

    private Channel bindAdmin() throws BindException, InterruptedException {
        AdminApi api = new AdminApi(pool, () -> config.adminToken(), this::health, () -> reloader.reload());
        ServerBootstrap b = new ServerBootstrap().group(adminGroup).channel(transport.serverChannel())
                .childHandler(new HttpServerInitializer(api.router(metrics.registry()), 64 * 1024, 60));
        try {
            return b.bind(config.adminBind(), config.adminPort()).sync().channel();
        } catch (Exception e) {
            throw new BindException("admin: cannot bind " + config.adminBind() + ":" + config.adminPort() + " ("
                    + e.getMessage() + ")");
        }
    }

    /** UP while running (even with no backends, so a launcher can wait for it), with counts that say more. */
    AdminRoutes.Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = !closing.get();
        details.put("status", up ? "UP" : "STOPPING");
        details.put("backends", pool.backends().size());
        details.put("backendsUp", countState(BackendState.UP));
        details.put("zookeeper", curator != null && curator.getZookeeperClient().isConnected() ? "connected" : "disconnected");
        details.put("activeConnections", metrics.activeConnections());
        return new AdminRoutes.Health(up, details);
    }

    private int countState(BackendState state) {
        int n = 0;
        for (Backend b : pool.backends()) {
            n += b.state() == state ? 1 : 0;
        }
        return n;
    }

    /**
     * Applies a new config: listeners added, removed or changed (policy, timeouts, PROXY header), limits and
     * health. All or nothing: new listening sockets are bound first, and if one cannot be, they are closed again
     * and the running config stays whole. A listener is its socket: one on the same address and port is kept,
     * with its established connections, even if renamed; one removed or moved stops accepting, and its
     * connections get {@code drain-timeout-ms} to finish. Settings fixed at start (ZooKeeper, the admin socket,
     * io threads, transport, coalescing) keep their running values, and the answer names the ones that differ.
     *
     * @throws java.net.BindException naming the listener whose socket cannot be bound; nothing has changed
     */
    public synchronized String reload(SwitchConfig requested) throws Exception {
        checkModes(requested, transport);
        List<String> notes = new ArrayList<>();
        List<String> restart = restartOnlyChanges(requested);
        if (!restart.isEmpty()) {
            notes.add(String.join(", ", restart) + " changes need a restart (the running values stay)");
        }
        SwitchConfig next = requested.withStartupSettingsOf(config);

        Map<String, SwitchServer> bySocket = new LinkedHashMap<>();
        listeners.values().forEach(server -> bySocket.put(socket(server.context().listener()), server));
        Map<String, SwitchServer> bound = new LinkedHashMap<>(); // new sockets, by listener name
        try {
            for (ListenerConfig l : next.listeners()) {
                if (!bySocket.containsKey(socket(l))) {
                    bound.put(l.name(), SwitchServer.bind(context(l, null), boss, workers));
                }
            }
        } catch (Exception e) {
            bound.values().forEach(SwitchServer::close); // nothing was accepted on them yet
            throw e;
        }

        gate = new ConnectionGate(next.limits().maxConnections(), next.limits().sourceRatePerSecond(), gate);
        pool.reconfigure(next.health(), next.limits().backendMaxConnections(), next.limits().queueSize(),
                next.limits().queueTimeoutMs());
        Map<String, SwitchServer> kept = new LinkedHashMap<>();
        for (ListenerConfig l : next.listeners()) {
            SwitchServer server = bound.get(l.name());
            if (server == null) {
                server = bySocket.remove(socket(l));
                String was = server.context().listener().name();
                server.swap(context(l, server.context()));
                if (!was.equals(l.name())) {
                    notes.add("listener '" + was + "' renamed '" + l.name() + "'");
                }
            } else {
                notes.add("listener '" + l.name() + "' started on port " + server.port());
            }
            kept.put(l.name(), server);
            logMode(l);
        }
        for (SwitchServer gone : bySocket.values()) {
            String name = gone.context().listener().name();
            gone.stopAccepting();
            Thread.ofVirtual().name("drain-" + name).start(() -> gone.drain(Duration.ofMillis(next.drainTimeoutMs())));
            notes.add("listener '" + name + "' stopped; its connections get " + next.drainTimeoutMs() + " ms to finish");
        }
        listeners.clear();
        listeners.putAll(kept);
        if (!next.health().equals(config.health())) {
            checker.close();
            checker = new ActiveHealthChecker(pool, next.health(), transport, workers);
        }
        config = next;
        String message = notes.isEmpty() ? "applied" : "applied; " + String.join("; ", notes);
        log.info("config reloaded: {}", message);
        return message;
    }

    /** The settings fixed at start that {@code requested} would change. */
    private List<String> restartOnlyChanges(SwitchConfig requested) {
        List<String> changed = new ArrayList<>();
        if (!requested.zookeeper().equals(config.zookeeper())) {
            changed.add("zookeeper");
        }
        if (!requested.zookeeperSessionMs().equals(config.zookeeperSessionMs())) {
            changed.add("zookeeper-session-ms");
        }
        if (!requested.adminPort().equals(config.adminPort())) {
            changed.add("admin-port");
        }
        if (!requested.adminBind().equals(config.adminBind())) {
            changed.add("admin-bind");
        }
        if (!requested.ioThreads().equals(config.ioThreads())) {
            changed.add("io-threads");
        }
        if (requested.transport() != config.transport() || requested.transport().resolve(requested.handsOff()) != transport) {
            changed.add("transport");
        }
        if (!requested.coalesceMs().equals(config.coalesceMs())) {
            changed.add("coalesce-ms");
        }
        return changed;
    }

    /** What makes a listener the same one across a reload: its address and port (port 0 means any: its name too). */
    private static String socket(ListenerConfig l) {
        return l.bind() + ":" + l.port() + (l.port() == 0 ? "/" + l.name() : "");
    }

    public SwitchConfig config() {
        return config;
    }

    public BackendPool pool() {
        return pool;
    }

    /** The handoff clients of same-host backends. */
    public HandoffClients handoffs() {
        return handoffs;
    }

    public SwitchMetrics metrics() {
        return metrics;
    }

    public Membership membership() {
        return membership;
    }

    /** The bound port of a listener (useful with port 0). */
    public int port(String listener) {
        SwitchServer s = listeners.get(listener);
        if (s == null) {
            throw new IllegalArgumentException("listener: '" + listener + "' (expected one of: " + listeners.keySet() + ")");
        }
        return s.port();
    }

    public int adminPort() {
        return ((InetSocketAddress) adminChannel.localAddress()).getPort();
    }

    /** Installs what the admin API's {@code POST /reload} calls (the process reloads its config file). */
    public void reloader(AdminApi.Reloader reloader) {
        this.reloader = reloader;
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        log.info("switch stopping: no new connections; draining for up to {} ms", config.drainTimeoutMs());
        listeners.values().forEach(SwitchServer::stopAccepting);
        listeners.values().forEach(s -> s.drain(Duration.ofMillis(config.drainTimeoutMs())));
        closeAll();
        log.info("switch stopped");
    }

    private void closeAll() {
        closing.set(true);
        listeners.values().forEach(Closeables::closeQuietly);
        Closeables.closeQuietly(checker);
        Closeables.closeQuietly(handoffs);
        if (adminChannel != null) {
            adminChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        Closeables.closeAllReversed(closeables);
        if (curator != null) {
            curator.close();
        }
        for (EventLoopGroup g : new EventLoopGroup[] {adminGroup, workers, boss}) {
            if (g != null) {
                g.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        Closeables.closeQuietly(metricsSetup);
    }
}
