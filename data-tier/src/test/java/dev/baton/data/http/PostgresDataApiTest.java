package dev.baton.data.http;

import dev.baton.data.testing.TestDatabases;
import dev.baton.data.testing.TestDatabases.JdbcTarget;

/** The HTTP contract on PostgreSQL ({@code BATON_TEST_PG_URL}). */
class PostgresDataApiTest extends DataApiContractTest {
    @Override
    JdbcTarget target() {
        return TestDatabases.postgres();
    }

    @Override
    String engine() {
        return "postgresql";
    }
}
