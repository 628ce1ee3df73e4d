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
}
