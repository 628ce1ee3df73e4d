package dev.baton.common.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedZooKeeperConfigTest {
    private static final List<String> ENSEMBLE = List.of("1=127.0.0.1:2888:3888", "2=[::1]:2889:3889:observer");

    @TempDir
    Path dir;

    @Test
    void refusesAPortOutsideOneTo65535() {
        assertThatThrownBy(() -> new EmbeddedZooKeeperConfig("0.0.0.0", 70000, dir, 250, 0, List.of()))
                .hasMessage("port: 70000 (expected: 1-65535)");
        assertThatThrownBy(() -> new EmbeddedZooKeeperConfig("0.0.0.0", 0, dir, 250, 0, List.of()))
                .hasMessage("port: 0 (expected: 1-65535)");
    }

    @Test
    void refusesATickThatIsNotPositive() {
        assertThatThrownBy(() -> new EmbeddedZooKeeperConfig("0.0.0.0", 2181, dir, 0, 0, List.of()))
                .hasMessage("tick-ms: 0 (expected: > 0)");
    }

    @Test
    void refusesAServerEntryWithoutNumericPorts() {
        assertThatThrownBy(() -> new EmbeddedZooKeeperConfig("0.0.0.0", 2181, dir, 250, 1, List.of("1=127.0.0.1:x:y")))
                .hasMessage("servers: '1=127.0.0.1:x:y' (expected: ID=HOST:PEER:ELECT, ports 1-65535)");
        assertThatThrownBy(() -> new EmbeddedZooKeeperConfig("0.0.0.0", 2181, dir, 250, 1, List.of("1=h:70000:3888")))
                .hasMessageStartingWith("servers: '1=h:70000:3888'");
        assertThatThrownBy(() -> new EmbeddedZooKeeperConfig("0.0.0.0", 2181, dir, 250, 1, List.of("one=h:2888:3888")))
                .hasMessageStartingWith("servers: 'one=h:2888:3888'");
    }

    @Test
    void refusesAServerIdOutsideTheEnsemble() {
        assertThatThrownBy(() -> new EmbeddedZooKeeperConfig("0.0.0.0", 2181, dir, 250, 3, ENSEMBLE))
                .hasMessage("server-id: 3 (expected: one of the ids in --servers [1, 2])");
        assertThatThrownBy(() -> new EmbeddedZooKeeperConfig("0.0.0.0", 2181, dir, 250, 300, ENSEMBLE))
                .hasMessage("server-id: 300 (expected: 0-255)");
        assertThatThrownBy(() -> new EmbeddedZooKeeperConfig("0.0.0.0", 2181, dir, 250, 0, ENSEMBLE))
                .hasMessageContaining("--server-id and --servers go together");
        assertThatThrownBy(() -> new EmbeddedZooKeeperConfig("0.0.0.0", 2181, dir, 250, 1, List.of("1=a:2888:3888", "1=b:2888:3888")))
                .hasMessage("servers: [1=a:2888:3888, 1=b:2888:3888] (expected: each id once)");
    }

    @Test
    void namesADataDirItCannotCreate() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");
        EmbeddedZooKeeperConfig config = new EmbeddedZooKeeperConfig("0.0.0.0", 2181, file.resolve("zk"), 250, 0, List.of());
        assertThatThrownBy(config::prepareDataDir)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("data-dir: " + file.resolve("zk") + " (expected: a directory this process can");
    }

    @Test
    void preparesTheDataDirAndWritesMyIdInAnEnsemble() throws Exception {
        EmbeddedZooKeeperConfig config = new EmbeddedZooKeeperConfig("0.0.0.0", 2181, dir.resolve("zk"), 250, 2, ENSEMBLE);
        config.prepareDataDir();
        assertThat(Files.readString(dir.resolve("zk/data/myid"))).isEqualTo("2\n");
    }

    @Test
    void removesTheConfigurationFilesOfEarlierStartsAndNothingElse() throws Exception {
        Path zk = Files.createDirectories(dir.resolve("zk"));
        Path stale = Files.writeString(zk.resolve("zookeeper.configuration123.properties"), "clientPort=2181\n");
        Path other = Files.writeString(zk.resolve("notes.properties"), "kept\n");
        new EmbeddedZooKeeperConfig("0.0.0.0", 2181, zk, 250, 0, List.of()).prepareDataDir();
        assertThat(stale).doesNotExist();
        assertThat(other).exists();
        assertThat(zk.resolve("data")).isDirectory();
    }

    @Test
    void givesZooKeeperTheSameConfigurationAsBefore() {
        assertThat(new EmbeddedZooKeeperConfig("0.0.0.0", 2181, dir, 250, 0, List.of()).properties())
                .containsEntry("clientPort", "2181")
                .containsEntry("clientPortAddress", "0.0.0.0")
                .containsEntry("dataDir", dir.toAbsolutePath().resolve("data").toString())
                .containsEntry("tickTime", "250")
                .containsEntry("admin.enableServer", "false")
                .doesNotContainKey("server.1");
        assertThat(new EmbeddedZooKeeperConfig("0.0.0.0", 2181, dir, 250, 1, ENSEMBLE).properties())
                .containsEntry("server.1", "127.0.0.1:2888:3888;2181")
                .containsEntry("server.2", "[::1]:2889:3889:observer;2181")
                .containsEntry("initLimit", "20");
    }

    @Test
    void listensOnTheBindAddressAndRefusesABadOne() {
        assertThat(new EmbeddedZooKeeperConfig("127.0.0.1", 2181, dir, 250, 0, List.of()).properties())
                .containsEntry("clientPortAddress", "127.0.0.1");
        assertThatThrownBy(() -> new EmbeddedZooKeeperConfig("not an address", 2181, dir, 250, 0, List.of()))
                .hasMessageStartingWith("bind: 'not an address'");
    }
}
