package dev.baton.fswitch;

import dev.baton.common.config.CommandLineOverrides;
import dev.baton.common.config.ConfigException;
import dev.baton.common.config.ConfigLoader;
import dev.baton.common.lifecycle.ProcessLifecycle;
import dev.baton.common.lifecycle.ServiceProcess;
import dev.baton.fswitch.admin.NoConfigFileException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * The front switch process. Every option is also a config key and a {@code BATON_} variable
 * ({@code --connect-timeout-ms} is {@code connect-timeout-ms} and {@code BATON_CONNECT_TIMEOUT_MS});
 * command-line values win over the environment, which wins over the file. Exits 2 with one line on stderr
 * when it cannot start (bad config, a port in use, a mode this machine cannot serve), 0 after a SIGTERM drain.
 */
@Command(name = "baton-switch", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Baton's front switch: hands TCP connections off to same-host app servers registered in ZooKeeper, relays to the others.")
public final class SwitchMain implements Callable<Integer> {
    private static final String COMMAND = "baton-switch";
    private static final Logger log = LoggerFactory.getLogger(SwitchMain.class);

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (listeners, policies, health, limits)")
    Path config;

    @Option(names = "--port", description = "port of the default listener (default: 8080)")
    Integer port;

    @Option(names = "--bind", description = "address of the default listener (default: 0.0.0.0)")
    String bind;

    @Option(names = "--admin-port", description = "admin HTTP port (default: 8081)")
    Integer adminPort;

    @Option(names = "--mode", description = "relay, handoff (same-host backends only, needs epoll) or auto (handoff where possible, relay elsewhere); default: relay")
    String mode;

    @Option(names = "--dispatch", description = "connection (the policy) or content (HTTP/1.1 request path, LARD/R); default: connection")
    String dispatch;

    @Option(names = "--zookeeper", description = "ZooKeeper connect string (default: localhost:2181)")
    String zookeeper;

    @Option(names = "--policy", description = "round-robin, weighted-round-robin, least-connections, power-of-two, maglev (default: round-robin)")
    String policy;

    @Option(names = "--connect-timeout-ms", description = "backend connect timeout (default: 1000)")
    Integer connectTimeoutMs;

    @Option(names = "--retries", description = "other backends tried after a refused or timed-out connect (default: 3)")
    Integer retries;

    @Option(names = "--proxy-protocol", arity = "1", description = "send a PROXY v2 header to backends: true or false (default: true)")
    Boolean proxyProtocol;

    @Option(names = "--admin-token", description = "bearer token for admin writes (drain, undrain, weight, reload)")
    String adminToken;

    @Option(names = "--io-threads", description = "event loops that relay (default: one a core)")
    Integer ioThreads;

    @Option(names = "--transport", description = "auto (io-uring when every listener relays, else epoll), io-uring, epoll or nio (default: auto)")
    String transport;

    private volatile FrontSwitch running;

    @Override
    public Integer call() throws InterruptedException {
        SwitchConfig cfg;
        try {
            cfg = load();
        } catch (ConfigException e) {
            return ServiceProcess.cannotStart(COMMAND, "bad config: " + e.getMessage(), e);
        }
        ProcessLifecycle life = ProcessLifecycle.install("switch");
        try {
            attach(life.add(FrontSwitch.start(cfg, Clock.systemUTC())));
        } catch (BindException e) {
            return ServiceProcess.cannotStart(COMMAND, "port in use: " + e.getMessage(), e);
        } catch (Exception e) { // a mode the transport cannot serve, say: one line, as for the other processes
            return ServiceProcess.cannotStart(COMMAND, "cannot start: " + (e.getMessage() != null ? e.getMessage() : e), e);
        }
        reloadOnSighup();
        life.awaitShutdown();
        return 0;
    }

    /** Makes {@code fs} the running switch that SIGHUP and {@code POST /reload} reload from the config file. */
    void attach(FrontSwitch fs) {
        running = fs;
        fs.reloader(this::reload);
    }

    SwitchConfig load() {
        return ConfigLoader.load(SwitchConfig.class, config, System.getenv(), CommandLineOverrides.of(this));
    }

    /**
     * Reloads the config file; a broken one is refused with its message and the running config stays.
     * Without {@code --config} there is nothing to re-read (the environment and the options cannot have
     * changed), so it refuses with NoConfigFileException rather than re-apply the running config.
     */
    String reload() {
        if (config == null) {
            NoConfigFileException none = new NoConfigFileException();
            log.warn(none.getMessage());
            throw none;
        }
        SwitchConfig next;
        try {
            next = load();
        } catch (ConfigException e) {
            log.error("reload refused, keeping the running config: {}", e.getMessage());
            throw new IllegalArgumentException(e.getMessage());
        }
        try {
            return running.reload(next);
        } catch (Exception e) {
            log.error("reload refused, keeping the running config: {}", e.getMessage());
            throw new IllegalStateException(e.getMessage());
        }
    }

    /** SIGTERM and SIGINT are ProcessLifecycle's (drain, close, exit 0); SIGHUP is the switch's own. */
    private void reloadOnSighup() {
        try {
            Signal.handle(new Signal("HUP"), s -> Thread.ofPlatform().name("reload").start(this::sighup));
        } catch (IllegalArgumentException e) {
            log.info("no SIGHUP on this platform; reload with POST /reload");
        }
    }

    /** What SIGHUP does: reload, where the only answer is the log. */
    void sighup() {
        try {
            reload();
        } catch (RuntimeException e) {
            // already logged
        }
    }

    public static void main(String[] args) {
        ServiceProcess.main(new SwitchMain(), args);
    }
}
