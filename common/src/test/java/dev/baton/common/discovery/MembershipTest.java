package dev.baton.common.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.common.testing.TestingZooKeeper;
import dev.baton.common.zk.ZooKeeperClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembershipTest {
    private TestingServer zk;
    private CuratorFramework client;
    private Discovery discovery;

    @BeforeEach
    void setUp() throws Exception {
        zk = TestingZooKeeper.started();
        client = ZooKeeperClients.start(zk.getConnectString(), Duration.ofSeconds(5), Duration.ofSeconds(10));
        discovery = Discovery.start(client);
    }

    @AfterEach
    void tearDown() throws Exception {
        discovery.close();
        client.close();
        zk.close();
    }

    @Test
    void seesMembersJoinAndLeave() throws Exception {
        List<List<Member>> seen = new CopyOnWriteArrayList<>();
        try (Membership m = discovery.watch(ServiceNames.APP, Duration.ofMillis(20), seen::add);
             Registration r = discovery.register(ServiceNames.APP, "app-1", details(9001))) {
            await().untilAsserted(() -> assertThat(m.current()).extracting(Member::id).containsExactly("app-1"));
            assertThat(m.current().get(0).address()).isEqualTo("127.0.0.1:9001");
            r.close();
            await().untilAsserted(() -> assertThat(m.current()).isEmpty());
        }
    }

    @Test
    void coalescesABurstOfChanges() throws Exception {
        try (Membership m = discovery.watch(ServiceNames.APP, Duration.ofMillis(500), members -> { })) {
            long before = m.snapshotCount();
            List<Registration> regs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                regs.add(discovery.register(ServiceNames.APP, "app-" + i, details(9000 + i)));
            }
            await().untilAsserted(() -> assertThat(m.current()).hasSize(50));
            // 50 joins inside a few coalescing windows, not 50 rebuilds
            assertThat(m.snapshotCount() - before).isLessThan(10);
            regs.forEach(Registration::close);
        }
    }

    @Test
    void keepsLastMembershipWhileZooKeeperIsDown() throws Exception {
        try (Membership m = discovery.watch(ServiceNames.APP, Duration.ofMillis(20), members -> { });
             Registration r = discovery.register(ServiceNames.APP, "app-1", details(9001))) {
            await().untilAsserted(() -> assertThat(m.current()).hasSize(1));
            zk.stop();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(m.current()).hasSize(1));
            zk.restart();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(m.current()).hasSize(1));
        }
    }

    private static InstanceDetails details(int port) {
        return new InstanceDetails("127.0.0.1", port, port, null, "host", 100, "local", "event-loop", "dev");
    }
}
