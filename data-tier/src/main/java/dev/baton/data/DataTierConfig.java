package dev.baton.data;

import dev.baton.common.config.Addresses;
import dev.baton.common.config.Check;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The data tier's configuration, built once by {@link dev.baton.common.config.ConfigLoader}; a null
 * (absent) value takes the default named on each component.
 *
 * <pre>{@code
 * DataTierConfig c = ConfigLoader.load(DataTierConfig.class, null, Map.of(), Map.of("port", "0"));
 * }</pre>
 *
 * @param id                        instance id in ZooKeeper (default {@code data-1})
 * @param host                      address advertised to the app tier (default {@code 127.0.0.1})
 * @param bind                      listen address (default {@code 0.0.0.0})
 * @param port                      HTTP port, also the admin port; 0 picks a free one (default 7001)
 * @param zookeeper                 ZooKeeper connect string, or {@code none} to skip registration (default {@code localhost:2181})
 * @param zookeeperSessionTimeoutMs ZooKeeper session timeout (default 4000)
 * @param jdbcUrl                   JDBC URL (default: an H2 file under {@code <run-dir>/data}, see {@link #effectiveJdbcUrl()})
 * @param jdbcUser                  database user (default {@code sa} for H2, else empty)
 * @param jdbcPassword              database password (default empty)
 * @param runDir                    runtime files (default {@code run})
 * @param maxValueBytes             largest value a PUT may store; 413 above it (default 1 MiB)
 * @param poolSize                  JDBC connections, also the size of the JDBC worker pool (default 16)
 * @param drainSeconds              how long shutdown waits for in-flight requests (default 10)
 */
public record DataTierConfig(String id, String host, String bind, Integer port, String zookeeper,
                             Integer zookeeperSessionTimeoutMs, String jdbcUrl, String jdbcUser,
                             String jdbcPassword, String runDir, Integer maxValueBytes, Integer poolSize,
                             Integer drainSeconds) {
    /** The value of {@code --zookeeper} that turns registration off. */
    public static final String NO_ZOOKEEPER = "none";

    public DataTierConfig {
        id = Check.notBlank("id", orDefault(id, "data-1"));
        host = Check.notBlank("host", orDefault(host, "127.0.0.1"));
        bind = Addresses.bind("bind", orDefault(bind, "0.0.0.0"));
        port = Check.port("port", orDefault(port, 7001));
        zookeeper = Addresses.zookeeperOrNone("zookeeper", orDefault(zookeeper, "localhost:2181"));
        zookeeperSessionTimeoutMs = (int) Check.atLeast("zookeeper-session-timeout-ms",
                orDefault(zookeeperSessionTimeoutMs, 4000), 500);
        runDir = Check.notBlank("run-dir", orDefault(runDir, "run"));
        maxValueBytes = (int) Check.atLeast("max-value-bytes", orDefault(maxValueBytes, 1024 * 1024), 1);
        poolSize = (int) Check.atLeast("pool-size", orDefault(poolSize, 16), 1);
        drainSeconds = (int) Check.atLeast("drain-seconds", orDefault(drainSeconds, 10), 0);
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("jdbc-url: '" + jdbcUrl + "' (expected: a JDBC URL starting with jdbc:)");
        }
        jdbcPassword = orDefault(jdbcPassword, "");
    }

    /** Whether this instance registers in ZooKeeper. */
    public boolean registers() {
        return !NO_ZOOKEEPER.equalsIgnoreCase(zookeeper);
    }

    /**
     * The configured JDBC URL, or the embedded default: an H2 file database under {@code <run-dir>/data}.
     *
     * <p>The default is tuned so that an acknowledged write survives {@code kill -9}:
     * {@code WRITE_DELAY=0} sets the MVStore's auto-commit delay to 0, and then H2 2.x writes the store
     * to the file inside every transaction commit, before the commit returns (its default of 500 ms
     * leaves up to half a second of committed transactions only in memory, lost on a crash). The write
     * reaches the operating system but is not fsynced, so it survives a process crash, not a power
     * loss; PostgreSQL, with its default {@code synchronous_commit=on}, fsyncs its WAL on commit.
     * {@code DB_CLOSE_ON_EXIT=FALSE} stops H2's own shutdown hook from closing the database under
     * requests that are still draining; {@code LOCK_TIMEOUT} lets contended transfers wait for row
     * locks instead of failing after H2's default of one second.
     */
    public String effectiveJdbcUrl() {
        if (jdbcUrl != null) {
            return jdbcUrl;
        }
        Path file = Path.of(runDir).toAbsolutePath().normalize().resolve("data").resolve("baton");
        return "jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
    }

    /** The configured user, or H2's conventional {@code sa} for an H2 URL. */
    public String effectiveJdbcUser() {
        if (jdbcUser != null) {
            return jdbcUser;
        }
        return effectiveJdbcUrl().startsWith("jdbc:h2:") ? "sa" : "";
    }

    /** The keys this record accepts, kebab-case, as they appear in YAML. */
    public static Set<String> keys() {
        return Arrays.stream(DataTierConfig.class.getRecordComponents())
                .map(c -> c.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The {@code BATON_...} variables that name one of this record's keys. Other {@code BATON_}
     * variables (the launcher's {@code BATON_PARENT_PID}, {@code BATON_HOST_ID}) belong to other
     * readers; passing them to the loader would fail as unknown keys.
     */
    public static Map<String, String> ownEnvironment(Map<String, String> env) {
        Set<String> keys = keys();
        return env.entrySet().stream()
                .filter(e -> e.getKey().startsWith("BATON_"))
                .filter(e -> keys.contains(e.getKey().substring("BATON_".length())
                        .toLowerCase(java.util.Locale.ROOT).replace('_', '-')))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, TreeMap::new));
    }

    @Override
    public String toString() {
        // The password stays out of logs.
        return "DataTierConfig[id=" + id + ", host=" + host + ", bind=" + bind + ", port=" + port
                + ", zookeeper=" + zookeeper + ", jdbcUrl=" + effectiveJdbcUrl() + ", runDir=" + runDir
                + ", maxValueBytes=" + maxValueBytes + ", poolSize=" + poolSize + "]";
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
