package dev.baton.superserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.Registration;
import dev.baton.common.testing.TestingZooKeeper;
import dev.baton.common.zk.ZooKeeperClients;
import dev.baton.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two daemons' tables over one real (in-process) ZooKeeper, next to an app-tier registration. */
class ZooKeeperRegistryTableTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private TestingServer zk;
    private CuratorFramework c1;
    private CuratorFramework c2;
    private Discovery d1;
    private Discovery d2;
    private ZooKeeperRegistryTable one;
    private ZooKeeperRegistryTable two;

    @BeforeEach
    void start() throws Exception {
        zk = TestingZooKeeper.started();
        c1 = ZooKeeperClients.start(zk.getConnectString(), Duration.ofSeconds(5), Duration.ofSeconds(10));
        c2 = ZooKeeperClients.start(zk.getConnectString(), Duration.ofSeconds(5), Duration.ofSeconds(10));
        d1 = Discovery.start(c1);
        d2 = Discovery.start(c2);
        one = new ZooKeeperRegistryTable(d1, clock, Duration.ofSeconds(30), 100);
        two = new ZooKeeperRegistryTable(d2, clock, Duration.ofSeconds(30), 100);
    }

    @AfterEach
    void stop() throws Exception {
        one.close();
        two.close();
        d1.close();
        d2.close();
        c1.close();
        c2.close();
        zk.close();
    }

    @Test
    void everyDaemonAnswersFromTheSameTableIncludingTheTiersOwnRegistrations() throws Exception {
        try (Registration app = d2.register("app", "app-1",
                new InstanceDetails("127.0.0.1", 9001, 9001, "/run/app-1/handoff.sock", "host", 10, "z1", "fsm", "0.1.0"))) {
            Registered r = one.register("echo", "1.0", "127.0.0.1", 7007);
            assertThat(two.lookup("echo", null)).extracting(Endpoint::id).containsExactly(r.id());
            assertThat(one.lookup("echo", null).get(0).leaseSeconds()).isEqualTo(30);
            assertThat(two.lookup("echo", null).get(0).leaseSeconds()).as("lease known only to its daemon").isEqualTo(-1);
            List<Endpoint> apps = one.lookup("app", null);
            assertThat(apps).singleElement().satisfies(e -> {
                assertThat(e.id()).isEqualTo("app-1");
                assertThat(e.port()).isEqualTo(9001);
                assertThat(e.version()).isEqualTo("0.1.0");
            });
            assertThat(one.lookup("app", "0.1.0")).hasSize(1);
            assertThat(one.lookup("app", "9.9")).isEmpty();
            assertThat(two.dump()).extracting(Endpoint::name).containsExactly("app", "echo");
        }
    }

    @Test
    void onlyTheOwnerUnregistersAndOtherDaemonsDoNotHoldTheLease() throws Exception {
        Registered r = one.register("echo", "1.0", "127.0.0.1", 7007);
        assertThatThrownBy(() -> one.unregister(r.id(), "00")).isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).code()).isEqualTo(RegistryException.FORBIDDEN);
        assertThatThrownBy(() -> two.unregister(r.id(), r.secret())).isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).code()).isEqualTo(RegistryException.NOT_FOUND);
        one.unregister(r.id(), r.secret());
        await().untilAsserted(() -> assertThat(two.lookup("echo", null)).isEmpty());
    }

    @Test
    void expiredLeasesVanishFromEveryDaemon() throws Exception {
        Registered kept = one.register("echo", "1.0", "127.0.0.1", 7007);
        one.register("echo", "1.0", "127.0.0.1", 7008);
        clock.advance(Duration.ofSeconds(25));
        one.renew(kept.id(), kept.secret());
        clock.advance(Duration.ofSeconds(10));
        assertThat(one.expire()).isEqualTo(1);
        await().untilAsserted(() -> assertThat(two.lookup("echo", null)).extracting(Endpoint::id).containsExactly(kept.id()));
    }

    @Test
    void closingADaemonRemovesItsRegistrations() throws Exception {
        one.register("echo", "1.0", "127.0.0.1", 7007);
        one.close();
        await().untilAsserted(() -> assertThat(two.lookup("echo", null)).isEmpty());
    }
}
