package dev.baton.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressesTest {
    @Test
    void bindAcceptsAddressesOfThisHost() {
        assertThat(Addresses.bind("bind", "0.0.0.0")).isEqualTo("0.0.0.0");
        assertThat(Addresses.bind("bind", " 127.0.0.1 ")).isEqualTo("127.0.0.1");
        assertThat(Addresses.bind("bind", "::")).isEqualTo("::");
        assertThat(Addresses.bind("bind", "localhost")).isEqualTo("localhost");
    }

    @Test
    void bindRefusesWhatDoesNotResolveNamingTheKeyAndTheValue() {
        for (String bad : new String[] {"999.1.1.1", "nosuchhost.invalid"}) {
            assertThatThrownBy(() -> Addresses.bind("admin-bind", bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("admin-bind: '" + bad + "'");
        }
        assertThatThrownBy(() -> Addresses.bind("bind", " ")).hasMessageStartingWith("bind: ' '");
    }

    @Test
    void zookeeperAcceptsConnectStrings() {
        for (String ok : new String[] {"localhost:2181", "zk1:2181,zk2:2181,zk3:2181/baton", "zk", "[::1]:2181",
                "[::1]", "10.0.0.1:2181,10.0.0.2:2182", "zookeeper_1:2181", "ZK-1.example.org:2181", "[fe80::1%eth0]:2181"}) {
            assertThat(Addresses.zookeeper("zookeeper", ok)).isEqualTo(ok);
        }
    }

    @Test
    void zookeeperRefusesABadPortOrAnEmptyHostNamingTheEntry() {
        assertThatThrownBy(() -> Addresses.zookeeper("zookeeper", "127.0.0.1:70000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("zookeeper: '127.0.0.1:70000'").hasMessageEndingWith("'127.0.0.1:70000' is not)");
        for (String bad : new String[] {"127.0.0.1:abc", "zk1:2181,", ":2181", "zk:0", "[::1:2181", "::1:2181",
                "zk:", "not a zk string", "zk one:2181", "[zk]:2181", "-zk:2181", "zk@host:2181"}) {
            assertThatThrownBy(() -> Addresses.zookeeper("zookeeper", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("zookeeper: '" + bad + "'");
        }
    }

    @Test
    void noneTurnsZooKeeperOffInAnyCase() {
        assertThat(Addresses.zookeeperOrNone("zookeeper", "NONE")).isEqualTo("none");
        assertThat(Addresses.zookeeperOrNone("zookeeper", "zk:2181")).isEqualTo("zk:2181");
        assertThatThrownBy(() -> Addresses.zookeeperOrNone("zookeeper", "zk:99999"))
                .hasMessageStartingWith("zookeeper: 'zk:99999'");
    }
}
