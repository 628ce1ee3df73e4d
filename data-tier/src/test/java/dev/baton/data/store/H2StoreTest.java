package dev.baton.data.store;

import dev.baton.data.testing.TestDatabases;
import dev.baton.data.testing.TestDatabases.JdbcTarget;

/** The store contract on an H2 file database in a temp directory. */
class H2StoreTest extends StoreContractTest {
    @Override
    JdbcTarget target() throws Exception {
        return TestDatabases.h2("baton-h2-store");
    }

    @Override
    Engine expectedEngine() {
        return Engine.H2;
    }
}
