package dev.baton.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.Member;
import dev.baton.common.discovery.Membership;
import dev.baton.common.discovery.Registration;
import dev.baton.common.discovery.ServiceNames;
import dev.baton.common.testing.TestingZooKeeper;
import dev.baton.common.zk.ZooKeeperClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A whole app node against a real in-process ZooKeeper, with WireMock registered as the data tier. */
class AppNodeTest {
    private TestingServer zookeeper;
    private CuratorFramework curator;
    private Discovery discovery;
    private WireMockServer dataTier;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<List<Member>> apps = new AtomicReference<>(List.of());
    private Membership appWatch;

    @BeforeEach
    void start() throws Exception {
        zookeeper = TestingZooKeeper.started();
        curator = ZooKeeperClients.start(zookeeper.getConnectString(), Duration.ofSeconds(4), Duration.ofSeconds(10));
        discovery = Discovery.start(curator);
        appWatch = discovery.watch(ServiceNames.APP, Duration.ofMillis(10), apps::set);
        dataTier = new WireMockServer(options().dynamicPort());
        dataTier.start();
        dataTier.stubFor(get("/health").willReturn(okJson("{\"status\":\"UP\"}")));
    }

    @AfterEach
    void stop() throws Exception {
        dataTier.stop();
        appWatch.close();
        discovery.close();
        curator.close();
        zookeeper.close();
    }

    private AppConfig config(String model, Map<String, String> extra) {
        Map<String, String> overrides = new java.util.HashMap<>(Map.of(
                "port", "0", "bind", "127.0.0.1", "model", model, "zookeeper", zookeeper.getConnectString(),
                "zookeeper-session-timeout-ms", "2000", "drain-timeout-ms", "3000"));
        overrides.putAll(extra);
        return dev.baton.common.config.ConfigLoader.load(AppConfig.class, null, Map.of(), overrides);
    }

    private Registration registerDataTier() throws Exception {
        return discovery.register(ServiceNames.DATA, "data-1", new InstanceDetails("127.0.0.1", dataTier.port(),
                dataTier.port(), null, "h", 100, "local", "h2", "test"));
    }

    private HttpResponse<String> fetch(AppNode node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.server().port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void registersAsAnAppWithItsModelAndDeregistersOnClose() throws Exception {
        try (AppNode node = AppNode.start(config("virtual-threads", Map.of("id", "app-a", "weight", "7")), new MetricRegistry())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> apps.get().size() == 1);
            Member member = apps.get().get(0);
            assertThat(member.id()).isEqualTo("app-a");
            assertThat(member.details().port()).isEqualTo(node.server().port());
            assertThat(member.details().model()).isEqualTo("virtual-threads");
            assertThat(member.details().weight()).isEqualTo(7);
            assertThat(member.details().hostId()).isNotBlank();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> apps.get().isEmpty());
    }

    @Test
    void publishesItsHandoffSocketAndServesConnectionsHandedOffThere(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        org.assertj.core.api.Assumptions.assumeThat(io.netty.channel.epoll.Epoll.isAvailable()).as("handoff needs epoll").isTrue();
        java.nio.file.Path socket = dir.resolve("run/app-h/handoff.sock");
        try (AppNode node = AppNode.start(config("thread-per-connection", Map.of("handoff-socket", socket.toString())), new MetricRegistry())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> apps.get().size() == 1);
            assertThat(apps.get().get(0).details().handoffSocket()).isEqualTo(socket.toAbsolutePath().toString());
            try (var sw = dev.baton.app.server.HandoffSwitch.atOnce(socket);
                 var raw = new dev.baton.app.server.RawHttp(sw.port())) {
                raw.send("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
                var response = raw.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).contains(raw.clientAddress());
            }
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void withoutAHandoffSocketItPublishesNone() throws Exception {
        try (AppNode node = AppNode.start(config("event-loop", Map.of()), new MetricRegistry())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> apps.get().size() == 1);
            assertThat(apps.get().get(0).details().handoffSocket()).isNull();
            assertThat(node.handoff()).isNull();
        }
    }

    @Test
    void theDefaultIdIsAppAndThePort() throws Exception {
        try (AppNode node = AppNode.start(config("event-loop", Map.of()), new MetricRegistry())) {
            assertThat(node.identity().id()).isEqualTo("app-" + node.server().port());
            await().atMost(Duration.ofSeconds(5)).until(() -> apps.get().size() == 1);
        }
    }

    @Test
    void registersAgainAfterLosingItsZooKeeperSession() throws Exception {
        try (AppNode node = AppNode.start(config("event-loop", Map.of("id", "app-s")), new MetricRegistry())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> apps.get().size() == 1);
            KillSession.kill(node.curator().getZookeeperClient().getZooKeeper());
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(curator.checkExists().forPath(ServiceNames.BASE_PATH + "/app/app-s")).isNotNull();
            });
        }
    }

    @Test
    void findsTheDataTierInZooKeeperAndAnswers503WithRetryAfterWithoutIt() throws Exception {
        dataTier.stubFor(get("/kv/a").willReturn(aResponse().withStatus(200).withBody("1")));
        try (AppNode node = AppNode.start(config("event-loop", Map.of()), new MetricRegistry())) {
            long start = System.nanoTime();
            HttpResponse<String> none = fetch(node, "/kv/a");
            assertThat(none.statusCode()).isEqualTo(503);
            assertThat(none.headers().firstValue("Retry-After")).isPresent();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(fetch(node, "/health").body()).contains("\"dataTier\":\"DOWN\"").contains("\"status\":\"UP\"");

            try (Registration data = registerDataTier()) {
                assertThat(data.id()).isEqualTo("data-1");
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fetch(node, "/kv/a").body()).isEqualTo("1"));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(fetch(node, "/health").body()).contains("\"dataTier\":\"UP\""));
            }
        }
    }

    @Test
    void closingLetsARequestInFlightFinishAndStopsAccepting() throws Exception {
        AppNode node = AppNode.start(config("thread-per-connection", Map.of("id", "app-d")), new MetricRegistry());
        int port = node.server().port();
        await().atMost(Duration.ofSeconds(5)).until(() -> apps.get().size() == 1);
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/work?cpu-ms=400")).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> node.server().openConnections() >= 1);

        node.close();

        assertThat(inFlight.get().statusCode()).isEqualTo(200);
        assertThat(apps.get()).isEmpty();
        assertThat(node.server().openConnections()).isZero();
        try (java.net.Socket s = new java.net.Socket()) {
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000));
        }
    }
}
