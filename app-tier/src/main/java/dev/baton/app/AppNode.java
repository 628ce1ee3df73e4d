package dev.baton.app;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.baton.app.api.AppIdentity;
import dev.baton.app.api.AppRoutes;
import dev.baton.app.data.DataTierClient;
import dev.baton.app.data.DataTierEndpoints;
import dev.baton.app.data.DataTierHealth;
import dev.baton.app.data.DataTierMetrics;
import dev.baton.app.data.DiscoveredEndpoints;
import dev.baton.app.server.AppServer;
import dev.baton.app.server.Dispatcher;
import dev.baton.app.server.HandoffReceiver;
import dev.baton.app.server.HttpMetrics;
import dev.baton.app.server.ServerModel;
import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.HostIdentity;
import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.Registration;
import dev.baton.common.discovery.ServiceNames;
import dev.baton.common.lifecycle.Closeables;
import dev.baton.common.zk.ZooKeeperClients;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running app server with everything around it: ZooKeeper client, data-tier client and health
 * probe, the server of the configured model, and its registration as service {@code app}.
 * {@link #close()} deregisters first, then drains the server, then closes the rest.
 *
 * <pre>{@code
 * try (AppNode node = AppNode.start(config, registry)) { ... node.server().port() ... }
 * }</pre>
 */
public final class AppNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppNode.class);
    static final Duration ZOOKEEPER_CONNECT_WAIT = Duration.ofSeconds(10);

    private final List<AutoCloseable> started = new ArrayList<>();
    private CuratorFramework curator;
    private AppServer server;
    private AppIdentity identity;
    private Registration registration;
    private HandoffReceiver handoff;

    private AppNode() {}

    /** Starts everything; on failure, closes what was started and rethrows. */
    public static AppNode start(AppConfig config, MetricRegistry registry) throws Exception {
        AppNode node = new AppNode();
        try {
            node.startAll(config, registry);
            return node;
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    private void startAll(AppConfig config, MetricRegistry registry) throws Exception {
        ServerModel model = config.serverModel();
        curator = add(ZooKeeperClients.start(config.zookeeper(),
                Duration.ofMillis(config.zookeeperSessionTimeoutMs()), ZOOKEEPER_CONNECT_WAIT));
        Discovery discovery = add(Discovery.start(curator));
        DataTierEndpoints endpoints = add(config.dataUrls().isEmpty()
                ? DiscoveredEndpoints.watch(discovery)
                : DataTierEndpoints.of(config.dataUrls()));
        DataTierClient data = add(DataTierClient.create(endpoints, config.dataTierPolicy(), Clock.systemUTC()));
        DataTierHealth health = add(DataTierHealth.start(data, Duration.ofSeconds(1)));
        AtomicReference<AppIdentity> self = new AtomicReference<>();
        var router = AppRoutes.router(self::get, data, health::up, registry, cpuWork(model, config.workThreads()));
        server = add(AppServers.start(model, config.serverSettings(), new Dispatcher(router), new HttpMetrics(registry)));
        identity = new AppIdentity(config.idFor(server.port()), model, config.host(), server.port());
        self.set(identity);
        registry.register("connections.open", (Gauge<Integer>) server::openConnections);
        DataTierMetrics.register(registry, data);
        registry.register("data-tier.up", (Gauge<Boolean>) health::up);
        String handoffSocket = startHandoff(config);
        InstanceDetails details = new InstanceDetails(config.host(), server.port(), server.port(), handoffSocket,
                HostIdentity.current(), config.weight(), config.zone(), model.label(), version());
        registration = add(discovery.register(ServiceNames.APP, identity.id(), details));
        log.info("{} ({}) serving on {}:{}{}, registered in ZooKeeper at {}", identity.id(), model.label(),
                config.host(), server.port(), handoffSocket == null ? "" : " and handoffs on " + handoffSocket, config.zookeeper());
    }

    /** Starts receiving handoffs when configured; returns the socket's absolute path, or null. */
    private String startHandoff(AppConfig config) throws Exception {
        Path socket = config.handoffSocketPath();
        if (socket == null) {
            return null;
        }
        // Added after the server, so closed before it: no handoff arrives while the server drains.
        handoff = add(HandoffReceiver.start(socket, server));
        return handoff.socketPath().toString();
    }

    private Executor cpuWork(ServerModel model, int threads) {
        if (model.blocking()) {
            return Runnable::run;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "app-work");
            t.setDaemon(true);
            return t;
        });
        add(pool::shutdownNow);
        return pool;
    }

    private <T extends AutoCloseable> T add(T component) {
        started.add(component);
        return component;
    }

    static String version() {
        String v = AppNode.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public AppServer server() {
        return server;
    }

    /** The ZooKeeper client (tests kill its session). */
    public CuratorFramework curator() {
        return curator;
    }

    /** The handoff receiver, or null when this server takes no handoffs. */
    public HandoffReceiver handoff() {
        return handoff;
    }

    public AppIdentity identity() {
        return identity;
    }

    /** Deregisters (so balancers stop choosing this server) and keeps serving; close() still drains. */
    public void deregister() {
        Closeables.closeQuietly(registration);
    }

    @Override
    public void close() {
        // Deregister first so the switch stops sending new connections while we drain.
        deregister();
        Closeables.closeAllReversed(started);
    }
}
