package dev.baton.data.http;

import dev.baton.data.testing.TestDatabases;
import dev.baton.data.testing.TestDatabases.JdbcTarget;

/** The HTTP contract on an H2 file database. */
class H2DataApiTest extends DataApiContractTest {
    @Override
    JdbcTarget target() throws Exception {
        return TestDatabases.h2("baton-h2-api");
    }

    @Override
    String engine() {
        return "h2";
    }
}
