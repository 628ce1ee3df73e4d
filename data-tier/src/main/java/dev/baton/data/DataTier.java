package dev.baton.data;

import com.codahale.metrics.MetricRegistry;
import dev.baton.common.config.Directories;
import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.HostIdentity;
import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.Registration;
import dev.baton.common.discovery.ServiceNames;
import dev.baton.common.lifecycle.Closeables;
import dev.baton.common.metrics.MetricsSetup;
import dev.baton.common.zk.ZooKeeperClients;
import dev.baton.data.store.Database;
import dev.baton.data.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running data tier: database, HTTP server and ZooKeeper registration, started in that order and
 * closed in reverse, so the instance leaves ZooKeeper before it drains and closes its pool.
 *
 * <pre>{@code
 * try (DataTier tier = DataTier.start(config)) {
 *     int port = tier.port();
 * }
 * }</pre>
 */
public final class DataTier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataTier.class);
    private static final Duration ZOOKEEPER_CONNECT_WAIT = Duration.ofSeconds(15);
    private static final int WEIGHT = 100;
    private static final String ZONE = "local";

    private final List<AutoCloseable> parts;
    private final DataTierServer server;
    private final Database db;
    private final MetricRegistry metrics;

    private DataTier(List<AutoCloseable> parts, DataTierServer server, Database db, MetricRegistry metrics) {
        this.parts = parts;
        this.server = server;
        this.db = db;
        this.metrics = metrics;
    }

    /**
     * Starts everything {@code config} describes.
     *
     * @throws StartupException with a one-line reason when a part cannot start; what started is closed again
     */
    public static DataTier start(DataTierConfig config) {
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            MetricsSetup metrics = add(parts, MetricsSetup.start(config.id()));
            createRunDirectory(config);
            Database db = add(parts, openDatabase(config, metrics));
            DataTierServer server = add(parts, DataTierServer.start(config, db, metrics.registry()));
            if (config.registers()) {
                register(config, server.port(), db, parts);
            } else {
                log.info("not registering in ZooKeeper (--zookeeper {})", DataTierConfig.NO_ZOOKEEPER);
            }
            return new DataTier(parts, server, db, metrics.registry());
        } catch (RuntimeException e) {
            Closeables.closeAllReversed(parts);
            throw e instanceof StartupException se ? se : new StartupException(e.getMessage(), e);
        }
    }

    /** The port the HTTP API listens on. */
    public int port() {
        return server.port();
    }

    public Database database() {
        return db;
    }

    public MetricRegistry metrics() {
        return metrics;
    }

    @Override
    public void close() {
        Closeables.closeAllReversed(parts);
    }

    private static Database openDatabase(DataTierConfig config, MetricsSetup metrics) {
        try {
            return Database.open(config.effectiveJdbcUrl(), config.effectiveJdbcUser(), config.jdbcPassword(),
                    config.poolSize(), metrics.registry());
        } catch (StoreException | IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static void createRunDirectory(DataTierConfig config) {
        if (config.jdbcUrl() != null) {
            return;
        }
        Path dir = Path.of(config.runDir()).resolve("data");
        try {
            Directories.createWritable(dir);
        } catch (IOException e) {
            throw new StartupException("cannot use run directory " + dir.toAbsolutePath() + " for the H2 database: "
                    + e.getMessage(), e);
        }
    }

    private static void register(DataTierConfig config, int port, Database db, List<AutoCloseable> parts) {
        try {
            CuratorFramework curator = add(parts, ZooKeeperClients.start(config.zookeeper(),
                    Duration.ofMillis(config.zookeeperSessionTimeoutMs()), ZOOKEEPER_CONNECT_WAIT));
            Discovery discovery = add(parts, Discovery.start(curator));
            InstanceDetails details = new InstanceDetails(config.host(), port, port, null, HostIdentity.current(),
                    WEIGHT, ZONE, db.engine().label(), version());
            Registration registration = add(parts, discovery.register(ServiceNames.DATA, config.id(), details));
            log.info("registered {}/{} at {}:{} in ZooKeeper {}", ServiceNames.DATA, registration.id(),
                    config.host(), port, config.zookeeper());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while connecting to ZooKeeper", e);
        } catch (StartupException e) {
            throw e;
        } catch (Exception e) {
            throw new StartupException("cannot register in ZooKeeper at " + config.zookeeper() + ": " + e.getMessage(), e);
        }
    }

    /** The version of this build (the jar manifest's), or {@code dev} when run from classes. */
    static String version() {
        String v = DataTier.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> parts, T part) {
        parts.add(part);
        return part;
    }
}
