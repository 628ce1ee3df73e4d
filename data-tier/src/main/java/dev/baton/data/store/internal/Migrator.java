package dev.baton.data.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned schema migrations {@code db/V1.sql}, {@code db/V2.sql}, ... (classpath resources,
 * numbered without gaps) that the {@code schema_version} table does not list yet, each in its own
 * transaction together with its {@code schema_version} row.
 *
 * <p>Two instances starting at once against one PostgreSQL serialize on a session advisory lock, so
 * the second sees the first's rows and applies nothing. An H2 file database admits one process only
 * (H2 locks the file), so a JVM-wide lock is enough there. H2 commits DDL implicitly, so migrations
 * are written to be re-runnable ({@code IF NOT EXISTS}) in case a crash falls between a DDL statement
 * and its version row.
 *
 * <p>A migration file is plain SQL: statements end with {@code ;} at the end of a line, lines starting
 * with {@code --} are comments, and the first comment line is the description.
 */
public final class Migrator {
    private static final Logger log = LoggerFactory.getLogger(Migrator.class);
    /** Arbitrary but fixed: the advisory lock key every Baton data tier takes while migrating. */
    static final long PG_LOCK_KEY = 0x6261746f6e5f6462L;
    private static final ReentrantLock JVM_LOCK = new ReentrantLock();

    private final DataSource dataSource;
    private final boolean postgres;
    private final String resourceDir;

    public Migrator(DataSource dataSource, boolean postgres) {
        this(dataSource, postgres, "db");
    }

    Migrator(DataSource dataSource, boolean postgres, String resourceDir) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.resourceDir = resourceDir;
    }

    /** Applies what is pending; returns how many migrations this call applied. */
    public int migrate() throws SQLException {
        List<Migration> migrations = load(resourceDir);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            lock(c);
            try {
                return applyPending(c, migrations);
            } finally {
                unlock(c);
            }
        }
    }

    private int applyPending(Connection c, List<Migration> migrations) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    + "description VARCHAR(200) NOT NULL, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)");
        }
        c.commit();
        int current = currentVersion(c);
        if (current > migrations.size()) {
            log.warn("schema version {} is newer than this build knows ({}); running anyway", current, migrations.size());
        }
        int applied = 0;
        for (Migration m : migrations) {
            if (m.version() > current) {
                apply(c, m);
                applied++;
            }
        }
        return applied;
    }

    private static void apply(Connection c, Migration m) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : m.statements()) {
                s.execute(sql);
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO schema_version (version, description) VALUES (?, ?)")) {
                insert.setInt(1, m.version());
                insert.setString(2, m.description());
                insert.executeUpdate();
            }
            c.commit();
            log.info("applied schema migration V{}: {}", m.version(), m.description());
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("migration V" + m.version() + " (" + m.description() + ") failed: " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            int version = rs.getInt(1);
            c.commit();
            return version;
        }
    }

    private void lock(Connection c) throws SQLException {
        if (!postgres) {
            JVM_LOCK.lock();
        } else {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                s.setLong(1, PG_LOCK_KEY);
                s.execute();
            }
            c.commit(); // a session lock outlives the transaction that took it
        }
    }

    private void unlock(Connection c) throws SQLException {
        if (!postgres) {
            JVM_LOCK.unlock();
            return;
        }
        c.rollback(); // clears a failed transaction so the unlock can run
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            s.setLong(1, PG_LOCK_KEY);
            s.execute();
        }
        c.commit();
    }

    /** The migrations under {@code dir}: V1.sql, V2.sql, ... up to the first missing number. */
    static List<Migration> load(String dir) {
        List<Migration> migrations = new ArrayList<>();
        ClassLoader loader = Migrator.class.getClassLoader();
        for (int version = 1; ; version++) {
            try (InputStream in = loader.getResourceAsStream(dir + "/V" + version + ".sql")) {
                if (in == null) {
                    return migrations;
                }
                migrations.add(Migration.parse(version, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read migration " + dir + "/V" + version + ".sql", e);
            }
        }
    }

    /** One migration: its number, description and SQL statements. */
    record Migration(int version, String description, List<String> statements) {
        static Migration parse(int version, String text) {
            String description = "V" + version;
            StringBuilder sql = new StringBuilder();
            for (String line : text.split("\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith("--")) {
                    if (description.equals("V" + version) && trimmed.length() > 2) {
                        description = trimmed.substring(2).strip();
                    }
                } else {
                    sql.append(line).append('\n');
                }
            }
            List<String> statements = Arrays.stream(sql.toString().split(";\\s*(\n|$)"))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
            return new Migration(version, description, statements);
        }
    }
}
