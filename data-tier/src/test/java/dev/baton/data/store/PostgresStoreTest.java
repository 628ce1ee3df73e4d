package dev.baton.data.store;

import dev.baton.data.testing.TestDatabases;
import dev.baton.data.testing.TestDatabases.JdbcTarget;

/** The store contract on PostgreSQL ({@code BATON_TEST_PG_URL}), in a fresh schema. */
class PostgresStoreTest extends StoreContractTest {
    @Override
    JdbcTarget target() {
        return TestDatabases.postgres();
    }

    @Override
    Engine expectedEngine() {
        return Engine.POSTGRESQL;
    }

    @org.junit.jupiter.api.Test
    void everyPooledConnectionHasALockAndAStatementTimeout() throws Exception {
        try (java.sql.Connection c = db.dataSource().getConnection();
             java.sql.Statement s = c.createStatement()) {
            org.assertj.core.api.Assertions.assertThat(show(s, "lock_timeout")).isEqualTo("10s");
            org.assertj.core.api.Assertions.assertThat(show(s, "statement_timeout")).isEqualTo("15s");
            c.rollback();
        }
    }

    private static String show(java.sql.Statement s, String setting) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
