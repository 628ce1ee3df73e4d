package dev.baton.data;

import dev.baton.common.config.CommandLineOverrides;
import dev.baton.common.config.ConfigException;
import dev.baton.common.config.ConfigLoader;
import dev.baton.common.lifecycle.ServiceProcess;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The data tier process: {@code java dev.baton.data.DataTierMain --port 7001 --zookeeper localhost:2181}.
 * Each option is also a config-file key and a {@code BATON_...} variable ({@code --jdbc-url} =
 * {@code jdbc-url} = {@code BATON_JDBC_URL}); options win over variables, variables over the file.
 * Exits 2 with one line on stderr when it cannot start, 0 after an orderly stop (SIGTERM, SIGINT).
 */
@Command(name = "baton-data-tier", mixinStandardHelpOptions = true, versionProvider = DataTierMain.Version.class,
        description = "Baton's data tier: versioned key-value, accounts and idempotent transfers over HTTP, "
                + "stored in H2 (embedded default) or PostgreSQL, registered in ZooKeeper as service 'data'.")
public final class DataTierMain implements Callable<Integer> {
    private static final String COMMAND = "baton-data-tier";
    private static final Logger log = LoggerFactory.getLogger(DataTierMain.class);

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (kebab-case keys as the options)")
    Path config;

    @Option(names = "--id", description = "instance id in ZooKeeper (default: data-1)")
    String id;

    @Option(names = "--host", description = "address advertised to the app tier (default: 127.0.0.1)")
    String host;

    @Option(names = "--bind", description = "listen address (default: 0.0.0.0)")
    String bind;

    @Option(names = "--port", description = "HTTP port, also /health and /metrics; 0 = any free port (default: 7001)")
    String port;

    @Option(names = "--zookeeper", description = "ZooKeeper connect string, or 'none' to not register (default: localhost:2181)")
    String zookeeper;

    @Option(names = "--zookeeper-session-timeout-ms", description = "ZooKeeper session timeout (default: 4000)")
    String zookeeperSessionTimeoutMs;

    @Option(names = "--jdbc-url", description = "JDBC URL, jdbc:h2:... or jdbc:postgresql://... "
            + "(default: H2 file <run-dir>/data/baton, durable commits)")
    String jdbcUrl;

    @Option(names = "--jdbc-user", description = "database user (default: sa for H2)")
    String jdbcUser;

    @Option(names = "--jdbc-password", description = "database password (default: empty); prefer BATON_JDBC_PASSWORD")
    String jdbcPassword;

    @Option(names = "--run-dir", description = "runtime files such as the H2 database (default: run)")
    String runDir;

    @Option(names = "--max-value-bytes", description = "largest value a PUT may store, 413 above (default: 1048576)")
    String maxValueBytes;

    @Option(names = "--pool-size", description = "JDBC connections and JDBC worker threads (default: 16)")
    String poolSize;

    @Option(names = "--drain-seconds", description = "how long a stop waits for in-flight requests (default: 10)")
    String drainSeconds;

    @Override
    public Integer call() {
        DataTierConfig settings;
        DataTier tier;
        try {
            settings = ConfigLoader.load(DataTierConfig.class, config,
                    DataTierConfig.ownEnvironment(System.getenv()), CommandLineOverrides.of(this));
            log.info("starting with {}", settings);
            tier = DataTier.start(settings);
        } catch (ConfigException | StartupException e) {
            return ServiceProcess.cannotStart(COMMAND, e.getMessage(), e);
        } catch (RuntimeException e) {
            return ServiceProcess.cannotStart(COMMAND, "cannot start: " + e, e);
        }
        return ServiceProcess.runUntilStopped(settings.id(), tier,
                () -> log.info("data tier {} ready on port {}", settings.id(), tier.port()));
    }

    public static void main(String[] args) {
        ServiceProcess.main(new DataTierMain(), args);
    }

    /** {@code --version}: the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"baton-data-tier " + DataTier.version()};
        }
    }
}
