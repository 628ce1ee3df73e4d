package dev.baton.app;

import dev.baton.app.blocking.HandedOffSockets;
import dev.baton.common.config.CommandLineOverrides;
import dev.baton.common.config.ConfigException;
import dev.baton.common.config.ConfigLoader;
import dev.baton.common.handoff.HandoffServer;
import dev.baton.common.lifecycle.ProcessLifecycle;
import dev.baton.common.lifecycle.ServiceProcess;
import dev.baton.common.metrics.MetricsSetup;
import java.net.BindException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The app server process: {@code java dev.baton.app.AppServerMain --port 9001 --model event-loop}.
 * Exits 2 with one line on stderr for bad configuration or a port in use, and 0 after a SIGTERM drain.
 */
@Command(name = "app-server", mixinStandardHelpOptions = true,
        description = "Baton app server: serves the application API on one of four server models.")
public final class AppServerMain implements Callable<Integer> {
    private static final String COMMAND = "app-server";

    @Option(names = "--config", description = "YAML config file (kebab-case keys; BATON_... env vars override it)")
    Path config;
    @Option(names = "--id", description = "server id (default: app-<port>)")
    String id;
    @Option(names = "--host", description = "advertised host (default: 127.0.0.1)")
    String host;
    @Option(names = "--bind", description = "listen address (default: 0.0.0.0)")
    String bind;
    @Option(names = "--port", description = "listen port (default: 9001)")
    String port;
    @Option(names = "--model", description = "event-loop | virtual-threads | thread-per-connection | single-threaded (default: event-loop)")
    String model;
    @Option(names = "--zookeeper", description = "ZooKeeper connect string (default: localhost:2181)")
    String zookeeper;
    @Option(names = "--zookeeper-session-timeout-ms", description = "ZooKeeper session timeout (default: 4000)")
    String zookeeperSessionTimeoutMs;
    @Option(names = "--weight", description = "balancing weight 1-1000 (default: 100)")
    String weight;
    @Option(names = "--zone", description = "locality label (default: local)")
    String zone;
    @Option(names = "--data-url", description = "fixed data-tier URLs, comma-separated (default: discover in ZooKeeper)")
    String dataUrl;
    @Option(names = "--data-timeout-ms", description = "time limit per data-tier attempt (default: 1000)")
    String dataTimeoutMs;
    @Option(names = "--drain-timeout-ms", description = "how long shutdown waits for requests in flight (default: 10000)")
    String drainTimeoutMs;
    @Option(names = "--worker-threads", description = "thread-per-connection pool size (default: 200)")
    String workerThreads;
    @Option(names = "--handoff-socket", paramLabel = "PATH",
            description = "Unix socket receiving connections handed off by the switch (Linux/epoll; the blocking models "
                    + "also need the JVM flag " + HandedOffSockets.REQUIRED_FLAG + ") (default: none, no handoff)")
    String handoffSocket;

    public static void main(String[] args) {
        ServiceProcess.main(new AppServerMain(), args);
    }

    @Override
    public Integer call() throws Exception {
        AppConfig cfg;
        try {
            cfg = loadConfig(System.getenv());
        } catch (ConfigException e) {
            return ServiceProcess.cannotStart(COMMAND, e.getMessage(), e);
        }
        String cannotHandoff = handoffUnavailable(cfg);
        if (cannotHandoff != null) {
            return ServiceProcess.cannotStart(COMMAND,
                    "handoff-socket " + cfg.handoffSocket() + ": " + cannotHandoff, null);
        }
        ProcessLifecycle life = ProcessLifecycle.install(COMMAND);
        MetricsSetup metrics = life.add(MetricsSetup.start("app"));
        try {
            life.add(AppNode.start(cfg, metrics.registry()));
        } catch (Exception e) {
            BindException bind = bindFailure(e);
            return ServiceProcess.cannotStart(COMMAND, bind != null
                    ? "cannot listen on " + cfg.bind() + ":" + cfg.port() + ": " + bind.getMessage()
                    : e.getMessage(), e);
        }
        life.awaitShutdown();
        return 0;
    }

    AppConfig loadConfig(Map<String, String> env) {
        return ConfigLoader.load(AppConfig.class, config, env, CommandLineOverrides.of(this));
    }

    /** Why this process cannot take the configured handoffs, or null (also when none are configured). */
    static String handoffUnavailable(AppConfig cfg) {
        if (cfg.handoffSocket() == null) {
            return null;
        }
        try {
            HandoffServer.requireEpoll();
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        return cfg.serverModel().blocking() ? HandedOffSockets.unavailableReason() : null;
    }

    private static BindException bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException b) {
                return b;
            }
            if (t.getMessage() != null && t.getMessage().contains("Address already in use")) {
                return new BindException("address already in use");
            }
        }
        return null;
    }
}
