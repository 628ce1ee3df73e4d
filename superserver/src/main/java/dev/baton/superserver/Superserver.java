package dev.baton.superserver;

import dev.baton.common.config.Directories;
import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.HostIdentity;
import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.ServiceNames;
import dev.baton.common.http.AdminRoutes;
import dev.baton.common.lifecycle.Closeables;
import dev.baton.common.metrics.MetricsSetup;
import dev.baton.common.net.Transport;
import dev.baton.common.zk.ZooKeeperClients;
import dev.baton.superserver.config.ServiceConfig;
import dev.baton.superserver.config.ServiceMode;
import dev.baton.superserver.config.SuperserverConfig;
import dev.baton.superserver.program.ServiceCommand;
import dev.baton.superserver.registry.InMemoryRegistryTable;
import dev.baton.superserver.registry.RegistryServer;
import dev.baton.superserver.registry.RegistryTable;
import dev.baton.superserver.registry.ZooKeeperRegistryTable;
import dev.baton.superserver.wait.ServiceLauncher;
import dev.baton.superserver.wait.WaitService;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The superserver process's parts: one listener per service, the daemon registry and the admin port,
 * on one event loop group. {@link #close()} stops them in reverse order: deregister, stop listening,
 * stop wait services, then the loops.
 *
 * <pre>{@code
 * try (Superserver s = Superserver.start(config, Clock.systemUTC())) {
 *     int echoPort = s.port("echo");
 * }
 * }</pre>
 */
public final class Superserver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Superserver.class);

    private final SuperserverConfig config;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final Map<String, ServiceListener> listeners = new LinkedHashMap<>();
    private final MetricsSetup metrics;
    private RegistryServer registry;
    private AdminServer admin;

    private Superserver(SuperserverConfig config) {
        this.config = config;
        this.metrics = MetricsSetup.start(config.id());
        parts.add(metrics);
    }

    /** Binds everything the config names; on failure closes what it started and says why in one line. */
    public static Superserver start(SuperserverConfig config, Clock clock) throws StartupException {
        Superserver s = new Superserver(config);
        try {
            s.startParts(clock);
            return s;
        } catch (Exception e) {
            s.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new StartupException(describe(e), e);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private void startParts(Clock clock) throws Exception {
        Transport transport = Transport.best();
        boolean anyWait = config.services().stream().anyMatch(s -> s.mode() == ServiceMode.WAIT);
        if (anyWait && transport != Transport.EPOLL) {
            throw new IllegalStateException("wait services need TCP handoff, which needs Linux epoll: "
                    + Transport.EPOLL.unavailableReason());
        }
        Path runDir = Path.of(config.runDir()).toAbsolutePath();
        try {
            Directories.createWritable(runDir.resolve("logs"));
        } catch (IOException e) {
            throw new IOException("run-dir: cannot create " + runDir.resolve("logs") + " (" + e.getMessage() + ")", e);
        }
        EventLoopGroup group = transport.newGroup(0, "superserver-io");
        parts.add(() -> group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly());
        for (ServiceConfig service : config.services()) {
            ServiceListener l = new ServiceListener(service, sink -> waitService(service, runDir, sink),
                    runDir.resolve("logs").resolve(service.name() + ".log"), metrics.registry(), clock, System::nanoTime);
            parts.add(l);
            listen("services." + service.name(), service.bind(), service.port(), () -> l.bind(group, transport.serverChannel()));
            listeners.put(service.name(), l);
            log.info("service {} ({} {}) listening on {}:{}", service.name(), service.mode().name().toLowerCase(),
                    service.type().name().toLowerCase(), service.bind(), l.port());
        }
        RegistryTable table = null;
        Discovery discovery = null;
        if (config.usesZooKeeper()) {
            CuratorFramework curator = ZooKeeperClients.start(config.zookeeper(),
                    Duration.ofMillis(config.zookeeperSessionTimeoutMs()), Duration.ofSeconds(15));
            parts.add(curator);
            discovery = Discovery.start(curator);
            parts.add(discovery);
        }
        if (config.registry().enabled()) {
            Duration lease = Duration.ofSeconds(config.registry().leaseSeconds());
            table = discovery != null
                    ? new ZooKeeperRegistryTable(discovery, clock, lease, config.registry().maxEntries())
                    : new InMemoryRegistryTable(clock, lease, config.registry().maxEntries());
            RegistryTable t = table;
            listen("registry", config.registry().bind(), config.registry().port(), () ->
                    registry = RegistryServer.start(config.registry(), t, group, transport.serverChannel(), metrics.registry()));
            parts.add(registry);
            log.info("daemon registry ({} table) listening on {}:{}", discovery != null ? "ZooKeeper" : "in-memory",
                    config.registry().bind(), registry.port());
            if (discovery != null) {
                parts.add(discovery.register(ServiceNames.REGISTRY, config.id(), new InstanceDetails(config.host(),
                        registry.port(), 0, null, HostIdentity.current(), 1, null, "registry-daemon", version())));
            }
        }
        listen("admin", config.adminBind(), config.adminPort(), () -> admin = AdminServer.start(config.adminBind(),
                config.adminPort(), group, transport.serverChannel(), metrics.registry(), this::health));
        parts.add(admin);
    }

    @FunctionalInterface
    private interface Bind {
        void run() throws Exception;
    }

    /** Runs a bind, turning its failure (epoll's is not a BindException) into one line naming what and where. */
    private static void listen(String what, String host, int port, Bind bind) throws Exception {
        try {
            bind.run();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                throw e;
            }
            throw new IllegalStateException(what + ": cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private WaitService waitService(ServiceConfig service, Path runDir, WaitService.RefusalSink sink) {
        Path socket = runDir.resolve("wait").resolve(service.name()).resolve("handoff.sock");
        Path logFile = runDir.resolve("logs").resolve(service.name() + ".log");
        ServiceLauncher launcher = s -> {
            ProcessBuilder pb = ServiceCommand.builder(service, logFile);
            pb.environment().put(ServiceLauncher.SOCKET_ENV, s.toString());
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            return pb.start();
        };
        WaitService ws = WaitService.create(service.name(), socket, launcher, Duration.ofSeconds(service.idleSeconds()),
                Duration.ofMillis(service.startTimeoutMs()), Duration.ofMillis(service.stopTimeoutMs()),
                service.maxWaiting(), sink);
        metrics.registry().gauge("service." + service.name() + ".running", () -> () -> ws.pid() > 0 ? 1 : 0);
        metrics.registry().gauge("service." + service.name() + ".starts", () -> ws::starts);
        return ws;
    }

    private AdminRoutes.Health health() {
        Map<String, Object> services = new LinkedHashMap<>();
        listeners.forEach((name, l) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("port", l.port());
            s.put("mode", l.service().mode().name().toLowerCase());
            s.put("active", l.limiter().active());
            if (l.waitService() != null) {
                s.put("state", l.waitService().state().name().toLowerCase());
                s.put("pid", l.waitService().pid());
                s.put("starts", l.waitService().starts());
            }
            services.put(name, s);
        });
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", "UP");
        doc.put("id", config.id());
        doc.put("services", services);
        if (registry != null) {
            doc.put("registry", Map.of("port", registry.port(), "table", config.usesZooKeeper() ? "zookeeper" : "memory"));
        }
        return new AdminRoutes.Health(true, doc);
    }

    static String version() {
        String v = Superserver.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    /** The bound port of {@code service}. */
    public int port(String service) {
        ServiceListener l = listeners.get(service);
        if (l == null) {
            throw new IllegalArgumentException("service: '" + service + "' (expected one of: " + listeners.keySet() + ")");
        }
        return l.port();
    }

    /** The wait service {@code name}, or null when it is not one. */
    public WaitService waitService(String name) {
        ServiceListener l = listeners.get(name);
        return l == null ? null : l.waitService();
    }

    public int registryPort() {
        return registry == null ? -1 : registry.port();
    }

    public int adminPort() {
        return admin.port();
    }

    public com.codahale.metrics.MetricRegistry metrics() {
        return metrics.registry();
    }

    @Override
    public void close() {
        Closeables.closeAllReversed(parts);
    }
}
