package dev.baton.superserver;

import dev.baton.common.config.ConfigException;
import dev.baton.common.config.ConfigLoader;
import dev.baton.common.lifecycle.ServiceProcess;
import dev.baton.superserver.config.SuperserverConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The superserver process: {@code java dev.baton.superserver.SuperserverMain --config services.yaml}.
 * It listens on every port of the services file and runs the daemon registry (port 7111) in the same
 * process. Options override the file's top-level keys, {@code BATON_...} variables sit in between.
 * Exits 2 with one line on stderr when it cannot start, 0 after an orderly stop (SIGTERM, SIGINT).
 */
@Command(name = "baton-superserver", mixinStandardHelpOptions = true, versionProvider = SuperserverMain.Version.class,
        description = "Baton's superserver: listens on the ports of a services file and starts services on demand "
                + "(inetd nowait and wait modes), and runs the daemon registry that tells clients where a named service lives.")
public final class SuperserverMain implements Callable<Integer> {
    private static final String COMMAND = "baton-superserver";
    private static final Logger log = LoggerFactory.getLogger(SuperserverMain.class);

    @Option(names = "--config", paramLabel = "FILE", description = "services file (YAML; see superserver/README.md)")
    Path config;

    @Option(names = "--id", description = "process id in logs, metrics and ZooKeeper (default: superserver-1)")
    String id;

    @Option(names = "--zookeeper", description = "ZooKeeper connect string for the registry table, or 'none' for an in-memory table (default: none)")
    String zookeeper;

    @Option(names = "--admin-port", description = "HTTP port of /health and /metrics; 0 = any free port (default: 7110)")
    String adminPort;

    @Option(names = "--run-dir", description = "handoff sockets and service logs (default: run)")
    String runDir;

    @Option(names = "--registry-port", description = "daemon registry port; 0 = any free port (default: 7111)")
    String registryPort;

    @Option(names = "--registry-token", description = "token REGISTER must present; prefer BATON_REGISTRY__TOKEN (default: none = REGISTER refused)")
    String registryToken;

    @Option(names = "--no-registry", description = "do not run the daemon registry in this process")
    boolean noRegistry;

    @Override
    public Integer call() {
        SuperserverConfig settings;
        Superserver server;
        try {
            settings = ConfigLoader.load(SuperserverConfig.class, config,
                    SuperserverConfig.ownEnvironment(System.getenv()), overrides());
            server = Superserver.start(settings, Clock.systemUTC());
        } catch (ConfigException | StartupException e) {
            return ServiceProcess.cannotStart(COMMAND, e.getMessage(), e);
        } catch (RuntimeException e) {
            return ServiceProcess.cannotStart(COMMAND, "cannot start: " + e, e);
        }
        return ServiceProcess.runUntilStopped(settings.id(), server,
                () -> log.info("superserver {} ready: {} service(s), registry port {}, admin port {}", settings.id(),
                        settings.services().size(), server.registryPort(), server.adminPort()));
    }

    Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("id", id);
        o.put("zookeeper", zookeeper);
        o.put("admin-port", adminPort);
        o.put("run-dir", runDir);
        o.put("registry.port", registryPort);
        o.put("registry.token", registryToken);
        o.put("registry.enabled", noRegistry ? "false" : null);
        return o;
    }

    public static void main(String[] args) {
        ServiceProcess.main(new SuperserverMain(), args);
    }

    /** {@code --version}: the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"baton-superserver " + Superserver.version()};
        }
    }
}
