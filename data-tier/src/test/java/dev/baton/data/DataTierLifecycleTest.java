package dev.baton.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.Gauge;
import dev.baton.common.config.ConfigLoader;
import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.ServiceNames;
import dev.baton.common.testing.TestingZooKeeper;
import dev.baton.common.zk.ZooKeeperClients;
import dev.baton.data.store.AccountStore;
import dev.baton.data.store.Database;
import com.codahale.metrics.MetricRegistry;
import dev.baton.data.testing.HttpTestClient;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.curator.x.discovery.ServiceInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, registering, draining and failing to start, on the embedded H2 default. */
class DataTierLifecycleTest {
    @TempDir
    Path runDir;

    DataTierConfig config(Map<String, String> extra) {
        Map<String, String> o = new HashMap<>(Map.of("port", "0", "bind", "127.0.0.1", "zookeeper", "none",
                "run-dir", runDir.toString(), "pool-size", "4", "drain-seconds", "20"));
        o.putAll(extra);
        return ConfigLoader.load(DataTierConfig.class, null, Map.of(), o);
    }

    @Test
    void registersInZooKeeperAndDeregistersOnClose() throws Exception {
        try (TestingServer zk = TestingZooKeeper.started();
             CuratorFramework curator = ZooKeeperClients.start(zk.getConnectString(), Duration.ofSeconds(5), Duration.ofSeconds(10));
             Discovery discovery = Discovery.start(curator)) {
            DataTier tier = DataTier.start(config(Map.of("zookeeper", zk.getConnectString(), "id", "data-7", "host", "127.0.0.9")));
            try {
                Collection<ServiceInstance<InstanceDetails>> instances =
                        discovery.serviceDiscovery().queryForInstances(ServiceNames.DATA);
                assertThat(instances).hasSize(1);
                ServiceInstance<InstanceDetails> instance = instances.iterator().next();
                assertThat(instance.getId()).isEqualTo("data-7");
                assertThat(instance.getAddress()).isEqualTo("127.0.0.9");
                assertThat(instance.getPort()).isEqualTo(tier.port());
                InstanceDetails details = instance.getPayload();
                assertThat(details.port()).isEqualTo(tier.port());
                assertThat(details.adminPort()).isEqualTo(tier.port());
                assertThat(details.model()).isEqualTo("h2");
                assertThat(details.weight()).isEqualTo(100);
                assertThat(details.zone()).isEqualTo("local");
                assertThat(details.hostId()).isNotBlank();
                assertThat(details.version()).isNotBlank();
            } finally {
                tier.close();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(discovery.serviceDiscovery().queryForInstances(ServiceNames.DATA)).isEmpty());
        }
    }

    @Test
    void closeFinishesInFlightRequestsThenRefusesConnections() throws Exception {
        DataTier tier = DataTier.start(config(Map.of()));
        AccountStore accounts = new AccountStore(tier.database());
        accounts.create(new dev.baton.data.store.Account("a", 100));
        accounts.create(new dev.baton.data.store.Account("b", 0));
        HttpTestClient http = new HttpTestClient(tier.port());
        CompletableFuture<Void> closed;
        CompletableFuture<Integer> status;
        // Hold a's row lock so the transfer below is stuck in the database while the server closes.
        try (Connection blocker = tier.database().dataSource().getConnection()) {
            try (PreparedStatement s = blocker.prepareStatement("SELECT balance FROM accounts WHERE id = 'a' FOR UPDATE")) {
                s.executeQuery().close();
            }
            status = CompletableFuture.supplyAsync(() -> http.postJson("/transfers",
                    "{\"idempotencyKey\": \"k\", \"from\": \"a\", \"to\": \"b\", \"amount\": 30}").statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge(tier.metrics(), "jdbc.executor.active") == 1);
            closed = CompletableFuture.runAsync(tier::close);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", tier.port()), 1000))
                            .isInstanceOf(ConnectException.class));
            assertThat(closed).isNotDone();
            assertThat(status).isNotDone();
            blocker.commit();
        }
        assertThat(status.get(20, TimeUnit.SECONDS)).isEqualTo(200);
        closed.get(20, TimeUnit.SECONDS);
        // The acknowledged transfer is in the file after the restart.
        try (Database db = Database.open(config(Map.of()).effectiveJdbcUrl(), "sa", "", 2, new MetricRegistry())) {
            assertThat(new AccountStore(db).get("b").orElseThrow().balance()).isEqualTo(30);
        }
    }

    @Test
    void busyPortFailsWithOneClearMessage() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> DataTier.start(config(Map.of("port", Integer.toString(busy.getLocalPort())))))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("127.0.0.1:" + busy.getLocalPort())
                    .hasMessageContaining("in use");
        }
        // What started before the failure was closed again: the H2 file can be opened by a new instance.
        try (DataTier tier = DataTier.start(config(Map.of()))) {
            assertThat(new HttpTestClient(tier.port()).get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void unreachableDatabaseFailsWithOneClearMessage() {
        assertThatThrownBy(() -> DataTier.start(config(Map.of("jdbc-url", "jdbc:postgresql://127.0.0.1:1/nowhere"))))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("cannot open database jdbc:postgresql://127.0.0.1:1/nowhere")
                .hasMessageNotContaining("\n");
    }

    @Test
    void unwritableRunDirectoryFailsWithOneClearMessage() throws Exception {
        Path file = Files.writeString(runDir.resolve("not-a-dir"), "x", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DataTier.start(config(Map.of("run-dir", file.toString()))))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("cannot use run directory");
    }

    private static long gauge(MetricRegistry registry, String name) {
        Gauge<?> g = registry.getGauges().get(name);
        return g == null ? -1 : ((Number) g.getValue()).longValue();
    }
}
