package dev.baton.data.store;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.baton.common.config.Directories;
import dev.baton.data.store.internal.Migrator;
import dev.baton.data.store.internal.SqlErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A HikariCP pool on H2 or PostgreSQL whose schema is migrated on open, and the one way the stores
 * run SQL: {@link #transaction}, which retries serialization failures and deadlocks.
 *
 * <pre>{@code
 * try (Database db = Database.open("jdbc:h2:mem:x", "sa", "", 4, registry)) {
 *     long n = db.transaction(c -> ...);
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** Attempts of one transaction before contention is reported as unavailability. */
    static final int MAX_ATTEMPTS = 10;
    /** PostgreSQL's limits, as H2's LOCK_TIMEOUT=10000: a lock wait, a statement, a silent socket (seconds). */
    static final int PG_LOCK_TIMEOUT_MS = 10_000;
    static final int PG_STATEMENT_TIMEOUT_MS = 15_000;
    static final int PG_SOCKET_TIMEOUT_S = 30;

    private final HikariDataSource pool;
    private final Engine engine;
    private final Counter retries;

    private Database(HikariDataSource pool, Engine engine, MetricRegistry registry) {
        this.pool = pool;
        this.engine = engine;
        this.retries = registry.counter("db.transaction.retries");
    }

    /**
     * Opens the pool, checks that the database answers, and applies pending schema migrations.
     *
     * @throws StoreException naming the URL when the database cannot be reached or migrated
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize, MetricRegistry registry) {
        Engine engine = Engine.ofUrl(jdbcUrl);
        requireWritableH2Directory(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("data-" + engine.label());
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        // Fail at start, with the driver's reason, instead of serving 503s from a pool that never filled.
        config.setInitializationFailTimeout(1);
        config.setMetricRegistry(registry);
        if (engine == Engine.POSTGRESQL) {
            // Without limits a request waits on a held lock or a silent network for ever, and each one that
            // does holds a pool connection and a JDBC thread until every route stalls. The URL's own settings
            // win (the driver reads its parameters over these).
            config.addDataSourceProperty("options", "-c lock_timeout=" + PG_LOCK_TIMEOUT_MS
                    + " -c statement_timeout=" + PG_STATEMENT_TIMEOUT_MS);
            config.addDataSourceProperty("socketTimeout", Integer.toString(PG_SOCKET_TIMEOUT_S));
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
            throw new StoreException("cannot open database " + redact(jdbcUrl) + ": " + rootMessage(e), e, true);
        }
        try {
            int applied = new Migrator(pool, engine == Engine.POSTGRESQL).migrate();
            log.info("database {} ({}) ready, {} migration(s) applied", redact(jdbcUrl), engine.label(), applied);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate database " + redact(jdbcUrl) + ": " + rootMessage(e), e, true);
        }
        return new Database(pool, engine, registry);
    }

    /**
     * H2 given a directory it cannot write fails only after printing its own stack traces to stderr (it cannot
     * write its trace file either), so a file database's directory is made, or refused, here first.
     */
    private static void requireWritableH2Directory(String jdbcUrl) {
        String prefix = "jdbc:h2:file:";
        if (!jdbcUrl.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return;
        }
        String file = jdbcUrl.substring(prefix.length()).split(";", 2)[0];
        if (file.startsWith("~")) {
            file = System.getProperty("user.home") + file.substring(1);
        }
        Path dir = Path.of(file).toAbsolutePath().getParent();
        try {
            Directories.createWritable(dir);
        } catch (IOException e) {
            throw new StoreException("cannot open database " + redact(jdbcUrl) + ": cannot create its directory " + dir
                    + " (" + e.getMessage() + ")", e, true);
        }
    }

    public Engine engine() {
        return engine;
    }

    /** The pool, for code that runs its own SQL (tests, tools). */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Runs {@code work} in one transaction and commits it. A retryable failure (serialization, deadlock,
     * or {@link RetryTransaction} thrown by the work) rolls back and runs the work again,
     * at most {@value #MAX_ATTEMPTS} times; any other exception rolls back and propagates, SQL ones as
     * {@link StoreException}, unavailable (503) when the database cannot serve now: unreachable, shutting
     * down, or a lock wait or statement that ran out of time.
     */
    public <T> T transaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                }
            } catch (RetryTransaction | SQLException e) {
                if (!(e instanceof RetryTransaction) && !SqlErrors.isRetryable((SQLException) e)) {
                    throw translate((SQLException) e);
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw new StoreException("transaction gave up after " + attempt + " attempts under contention", e, true);
                }
                retries.inc();
                backOff(attempt);
            }
        }
    }

    /** Whether the database answers a validity check within {@code timeoutSeconds}. Blocks. */
    public boolean isReachable(int timeoutSeconds) {
        try (Connection c = pool.getConnection()) {
            return c.isValid(timeoutSeconds);
        } catch (SQLException | RuntimeException e) {
            log.debug("database check failed: {}", e.toString());
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private static StoreException translate(SQLException e) {
        if (SqlErrors.isUnavailable(e)) {
            return new StoreException("database unavailable: " + e.getMessage(), e, true);
        }
        return new StoreException("database error: " + e.getMessage(), e, false);
    }

    private static void backOff(int attempt) {
        // Jitter keeps two transactions that collided from colliding again in lockstep.
        long maxMillis = Math.min(50, 2L << attempt);
        try {
            TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(1, maxMillis + 1));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a transaction", ie, true);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed: {}", e.toString());
        }
    }

    /** A JDBC URL without a {@code password=...} parameter, for messages. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() != null ? t.getMessage() : t.toString();
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The body of a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Thrown by {@link Work} to roll back and run the transaction again (e.g. after losing an insert race). */
    public static final class RetryTransaction extends RuntimeException {
        public RetryTransaction(String reason) {
            super(reason, null, false, false);
        }
    }
}
