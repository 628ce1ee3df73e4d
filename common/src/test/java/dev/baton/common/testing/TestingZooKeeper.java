package dev.baton.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.curator.test.TestingServer;

/**
 * Curator's {@link TestingServer} with every file it makes in one temporary directory, deleted on close.
 * Started plainly, each one left ZooKeeper's generated {@code zookeeper.configuration*.properties} in /tmp:
 * the embedded server writes that file beside its data directory, which Curator puts straight under /tmp.
 */
public final class TestingZooKeeper extends TestingServer {
    private final Path dir;

    private TestingZooKeeper(Path dir) throws Exception {
        super(-1, dir.resolve("data").toFile(), true); // -1: a free port, as TestingServer(true) picks
        this.dir = dir;
    }

    /** A started server on a free port. */
    public static TestingZooKeeper started() throws Exception {
        Path dir = Files.createTempDirectory("baton-zk");
        try {
            return new TestingZooKeeper(dir);
        } catch (Exception e) {
            TempDirs.deleteTree(dir);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            TempDirs.deleteTree(dir);
        }
    }
}
