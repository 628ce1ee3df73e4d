package dev.baton.data.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.baton.common.testing.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for tests: an H2 file in a temp directory, or a fresh schema in the PostgreSQL named by
 * {@code BATON_TEST_PG_URL} ({@code BATON_TEST_PG_USER}, {@code BATON_TEST_PG_PASSWORD}).
 * Without that variable the PostgreSQL tests are skipped; with it, an unreachable server fails them.
 */
public final class TestDatabases {
    public static final String PG_URL_ENV = "BATON_TEST_PG_URL";

    private TestDatabases() {}

    /**
     * An H2 file database in a new temp directory named after {@code prefix}, with the data tier's durable
     * settings; closing it deletes the directory, so test runs leave nothing in {@code /tmp}.
     */
    public static JdbcTarget h2(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("baton")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
        return new JdbcTarget(url, "sa", "", () -> deleteTree(dir));
    }

    private static void deleteTree(Path dir) throws SQLException {
        try {
            TempDirs.deleteTree(dir);
        } catch (IOException e) {
            throw new SQLException("cannot delete the test database directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new, empty schema in the test PostgreSQL, dropped on close; the returned URL selects it with
     * {@code currentSchema}, so tests in different classes never see each other's rows.
     */
    public static JdbcTarget postgres() {
        String base = System.getenv(PG_URL_ENV);
        Assumptions.assumeTrue(base != null && !base.isBlank(),
                PG_URL_ENV + " is not set: skipping the PostgreSQL tests (set it, e.g. to "
                        + "jdbc:postgresql://127.0.0.1:5432/baton_test, to run them)");
        String user = envOr("BATON_TEST_PG_USER", "baton");
        String password = envOr("BATON_TEST_PG_PASSWORD", "baton");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(base, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            fail(PG_URL_ENV + "=" + base + " is set but PostgreSQL cannot be used: " + e.getMessage(), e);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new JdbcTarget(url, user, password, () -> {
            try (Connection c = DriverManager.getConnection(base, user, password); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        });
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** A JDBC URL with its credentials; closing it removes what the test created. */
    public record JdbcTarget(String url, String user, String password, Cleanup cleanup) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            cleanup.run();
        }
    }

    @FunctionalInterface
    public interface Cleanup {
        void run() throws SQLException;
    }
}
