package dev.baton.data.store;

import dev.baton.data.testing.TestDatabases;
import dev.baton.data.testing.TestDatabases.JdbcTarget;
import java.nio.file.Files;

/** The store contract on an H2 file database in a temp directory. */
class H2StoreTest extends StoreContractTest {
    @Override
    JdbcTarget target() throws Exception {
        return TestDatabases.h2(Files.createTempDirectory("baton-h2-store"));
    }

    @Override
    Engine expectedEngine() {
        return Engine.H2;
    }
}
