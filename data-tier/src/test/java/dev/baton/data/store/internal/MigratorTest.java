package dev.baton.data.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.data.testing.TestDatabases;
import dev.baton.data.testing.TestDatabases.JdbcTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MigratorTest {
    /** One migration that sleeps, so that unserialized concurrent starts would both apply it and collide. */
    static final String SLOW = "migrations/slow";

    @Test
    void parsesStatementsAndTheDescription() {
        Migrator.Migration m = Migrator.Migration.parse(3, """
                -- add things
                -- more words
                CREATE TABLE a (x INT);
                CREATE TABLE b (
                    y VARCHAR(3)
                );
                """);
        assertThat(m.version()).isEqualTo(3);
        assertThat(m.description()).isEqualTo("add things");
        assertThat(m.statements()).containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (\n    y VARCHAR(3)\n)");
    }

    @Test
    void loadsTheShippedMigrationsInOrder() {
        List<Migrator.Migration> migrations = Migrator.load("db");
        assertThat(migrations).isNotEmpty();
        for (int i = 0; i < migrations.size(); i++) {
            assertThat(migrations.get(i).version()).isEqualTo(i + 1);
            assertThat(migrations.get(i).statements()).isNotEmpty();
        }
    }

    /** A second data tier starting while one migrates waits on the advisory lock and only then reads the version. */
    @Test
    void migrationWaitsForTheAdvisoryLockOnPostgres() throws Exception {
        try (JdbcTarget target = TestDatabases.postgres();
             HikariDataSource pool = pool(target);
             Connection holder = DriverManager.getConnection(target.url(), target.user(), target.password())) {
            try (PreparedStatement s = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
                s.setLong(1, Migrator.PG_LOCK_KEY);
                s.execute();
            }
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return new Migrator(pool, true).migrate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingAdvisoryLocks(holder) > 0);
            assertThat(run).isNotDone();
            assertThat(exists(holder, "kv_entries")).isFalse();
            try (PreparedStatement s = holder.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                s.setLong(1, Migrator.PG_LOCK_KEY);
                s.execute();
            }
            assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(Migrator.load("db").size());
            assertThat(exists(holder, "kv_entries")).isTrue();
        }
    }

    private static int waitingAdvisoryLocks(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static HikariDataSource pool(JdbcTarget target) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.url());
        config.setUsername(target.user());
        config.setPassword(target.password());
        config.setMaximumPoolSize(1);
        config.setAutoCommit(false);
        return new HikariDataSource(config);
    }

    /** Several data tiers starting at once against one PostgreSQL: each migration is applied exactly once. */
    @Test
    void concurrentStartsOnPostgresApplyEachMigrationOnce() throws Exception {
        try (JdbcTarget target = TestDatabases.postgres()) {
            List<HikariDataSource> pools = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    pools.add(pool(target));
                }
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<Integer>> runs = new ArrayList<>();
                for (HikariDataSource pool : pools) {
                    runs.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                            return new Migrator(pool, true, SLOW).migrate();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                start.countDown();
                int applied = 0;
                for (CompletableFuture<Integer> run : runs) {
                    applied += run.get(30, TimeUnit.SECONDS);
                }
                int known = Migrator.load(SLOW).size();
                assertThat(applied).isEqualTo(known);
                try (Connection c = pools.get(0).getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(version) FROM schema_version")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(known);
                    assertThat(rs.getInt(2)).isEqualTo(known);
                }
            } finally {
                pools.forEach(HikariDataSource::close);
            }
        }
    }
}
