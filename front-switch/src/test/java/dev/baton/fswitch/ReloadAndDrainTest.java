package dev.baton.fswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.common.discovery.Registration;
import dev.baton.fswitch.pool.Backend;
import dev.baton.fswitch.pool.BackendState;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Reload through the process's own path (config file, POST /reload) and drain over the admin API. */
class ReloadAndDrainTest extends SwitchTestBase {
    private static final String NO_CONFIG_FILE =
            "no config file: the switch was started without --config, so there is nothing to reload";

    @TempDir
    Path dir;

    private SwitchMain startFromFile(Path file) throws Exception {
        SwitchMain main = new SwitchMain();
        main.config = file;
        main.zookeeper = zk.getConnectString();
        main.port = 0;
        main.adminPort = 0;
        main.bind = "127.0.0.1";
        main.adminToken = "t0ken";
        main.proxyProtocol = false;
        fs = FrontSwitch.start(main.load(), Clock.systemUTC());
        main.attach(fs);
        return main;
    }

    @Test
    void reloadAppliesANewPolicyAndLimitsWithoutDroppingAnEstablishedConnection() throws Exception {
        backend("rl-a");
        backend("rl-b");
        Path file = dir.resolve("switch.yaml");
        Files.writeString(file, "coalesce-ms: 20\npolicy: round-robin\nhealth: { check: none }\n");
        startFromFile(file);
        awaitBackends(2);
        try (Socket held = connect()) {
            String heldId = idOf(say(held, "first"));
            String otherId = heldId.equals("rl-a") ? "rl-b" : "rl-a";

            Files.writeString(file, "coalesce-ms: 20\npolicy: least-connections\nhealth: { check: none }\n"
                    + "limits: { max-connections: 50, backend-max-connections: 7 }\n");
            HttpResponse<String> ok = admin("POST", "/reload", "t0ken", null);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("applied");
            assertThat(fs.config().policy()).isEqualTo("least-connections");
            assertThat(fs.pool().backendMaxConnections()).isEqualTo(7);

            assertThat(say(held, "after reload")).startsWith(heldId + " ").endsWith(" after reload");
            for (int i = 0; i < 3; i++) { // least connections: the backend holding a connection is avoided
                // the previous ask's connection must be released first, or the two backends tie
                await().until(() -> fs.pool().find(otherId).orElseThrow().activeConnections() == 0);
                assertThat(idOf(ask("lc"))).isEqualTo(otherId);
            }

            Files.writeString(file, "coalesce-ms: 20\npolicy: round-robin\nlimits: { max-connections: -5 }\n");
            HttpResponse<String> refused = admin("POST", "/reload", "t0ken", null);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("limits.max-connections").contains("-5");
            assertThat(fs.config().limits().maxConnections()).isEqualTo(50);
            assertThat(fs.config().policy()).isEqualTo("least-connections");
            assertThat(say(held, "after refusal")).startsWith(heldId + " ");
            assertThat(admin("POST", "/reload", "wrong", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aReloadThatCannotBindAListenerChangesNothing() throws Exception {
        backend("rb-a");
        Path file = dir.resolve("switch.yaml");
        Files.writeString(file, "coalesce-ms: 20\nhealth: { check: none }\n"
                + "listeners:\n  - {name: web, port: 0}\n  - {name: extra, port: 0}\n");
        startFromFile(file);
        awaitBackends(1);
        int extra = fs.port("extra");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Files.writeString(file, "coalesce-ms: 20\nhealth: { check: none }\nlimits: { max-connections: 1 }\n"
                    + "listeners:\n  - {name: web, port: 0}\n  - {name: extra, port: " + taken.getLocalPort() + "}\n"
                    + "  - {name: third, port: 0}\n");
            HttpResponse<String> refused = admin("POST", "/reload", "t0ken", null);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("listener 'extra'").contains("cannot bind");
        }
        // All or nothing: the old listener still serves, the new one was closed again, the limit is the old one.
        assertThat(fs.port("extra")).isEqualTo(extra);
        try (Socket s = new Socket("127.0.0.1", extra); Socket t = new Socket("127.0.0.1", fs.port("web"))) {
            s.setSoTimeout(5000);
            t.setSoTimeout(5000);
            assertThat(say(s, "still")).endsWith(" still");
            assertThat(say(t, "two at once")).endsWith(" two at once");
        }
        assertThat(fs.config().listeners()).extracting(ListenerConfig::name).containsExactly("web", "extra");
        assertThat(fs.config().limits().maxConnections()).isEqualTo(LimitsConfig.defaults().maxConnections());
    }

    @Test
    void aListenerRenamedOnTheSameSocketKeepsItsConnections() throws Exception {
        backend("rn-a");
        int port = unusedPort();
        Path file = dir.resolve("switch.yaml");
        Files.writeString(file, "coalesce-ms: 20\nhealth: { check: none }\ndrain-timeout-ms: 200\n"
                + "listeners:\n  - {name: web, port: " + port + "}\n");
        startFromFile(file);
        awaitBackends(1);
        try (Socket held = new Socket("127.0.0.1", port)) {
            held.setSoTimeout(5000);
            String id = idOf(say(held, "before"));
            Files.writeString(file, "coalesce-ms: 20\nhealth: { check: none }\ndrain-timeout-ms: 200\n"
                    + "listeners:\n  - {name: www, port: " + port + "}\n");
            HttpResponse<String> ok = admin("POST", "/reload", "t0ken", null);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("listener 'web' renamed 'www'").doesNotContain("stopped");
            assertThat(fs.port("www")).isEqualTo(port);
            // past the drain timeout the connection is still there: a renamed listener was never stopped
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .until(() -> fs.metrics().activeConnections() == 1);
            assertThat(say(held, "after")).startsWith(id + " ").endsWith(" after");
        }
    }

    @Test
    void settingsFixedAtStartKeepTheirRunningValuesAndEveryReloadSaysSo() throws Exception {
        backend("rs-a");
        Path file = dir.resolve("switch.yaml");
        Files.writeString(file, "coalesce-ms: 20\nhealth: { check: none }\nio-threads: 1\n");
        startFromFile(file);
        Files.writeString(file, "coalesce-ms: 40\nhealth: { check: none }\nio-threads: 3\n");
        for (int i = 0; i < 2; i++) { // the second time too: the running values did not change
            HttpResponse<String> ok = admin("POST", "/reload", "t0ken", null);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("io-threads, coalesce-ms changes need a restart");
            assertThat(fs.config().ioThreads()).isEqualTo(1);
            assertThat(fs.config().coalesceMs()).isEqualTo(20);
        }
    }

    @Test
    void reloadWithoutAConfigFileIsAConflictThatChangesNothing() throws Exception {
        SwitchMain main = startFromFile(null);
        SwitchConfig running = fs.config();

        HttpResponse<String> r = admin("POST", "/reload", "t0ken", null);
        assertThat(r.statusCode()).isEqualTo(409);
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("status").asInt()).isEqualTo(409);
        assertThat(body.get("error").asText()).isEqualTo(NO_CONFIG_FILE);
        assertThat(body.has("reloaded")).isFalse();
        assertThat(fs.config()).isSameAs(running);
        assertThat(admin("POST", "/reload", "wrong", null).statusCode()).isEqualTo(401);

        Logger log = (Logger) LoggerFactory.getLogger(SwitchMain.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            main.sighup();
        } finally {
            log.detachAppender(logged);
        }
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(NO_CONFIG_FILE);
        assertThat(fs.config()).isSameAs(running);
    }

    @Test
    void aSwitchStartedFromAConfigObjectHasNoFileToReloadEither() throws Exception {
        startSwitch(Map.of());
        HttpResponse<String> r = admin("POST", "/reload", "t0ken", null);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(new ObjectMapper().readTree(r.body()).get("error").asText()).isEqualTo(NO_CONFIG_FILE);
    }

    @Test
    void aDrainingBackendGetsNoNewConnectionsWhileItsExistingOneFinishes() throws Exception {
        backend("dr-a");
        backend("dr-b");
        startSwitch(Map.of("health.check", "none"));
        awaitBackends(2);
        try (Socket held = connect()) {
            assertThat(idOf(say(held, "first"))).isEqualTo("dr-a"); // round robin starts with the first member
            assertThat(admin("POST", "/backends/dr-a/drain", "t0ken", null).statusCode()).isEqualTo(200);
            Backend a = fs.pool().find("dr-a").orElseThrow();
            assertThat(a.state()).isEqualTo(BackendState.DRAINING);
            for (int i = 0; i < 6; i++) {
                assertThat(idOf(ask("new"))).isEqualTo("dr-b");
            }
            assertThat(a.activeConnections()).isEqualTo(1);
            assertThat(say(held, "still here")).startsWith("dr-a ").endsWith(" still here");
        }
        Backend a = fs.pool().find("dr-a").orElseThrow();
        await().untilAsserted(() -> assertThat(a.activeConnections()).isZero());
        assertThat(a.totalConnections()).isEqualTo(1);
    }

    @Test
    void aDeregisteredBackendIsListedAsLeavingUntilItsLastConnectionEnds() throws Exception {
        TestBackend a = new TestBackend("lv-a");
        cleanup.add(a);
        Registration registration = register("lv-a", a.port(), a.port());
        backend("lv-b");
        startSwitch(Map.of("health.check", "none"));
        awaitBackends(2);
        try (Socket held = connect()) {
            assertThat(idOf(say(held, "first"))).isEqualTo("lv-a"); // round robin starts with the first member
            registration.close(); // what an app server does first on SIGTERM
            awaitBackends(1);

            JsonNode leaving = listed().get("lv-a");
            assertThat(leaving.get("state").asText()).isEqualTo("leaving");
            assertThat(leaving.get("activeConnections").asInt()).isEqualTo(1);
            assertThat(admin("GET", "/backends/lv-a", null, null).statusCode()).isEqualTo(200);
            assertThat(admin("GET", "/metrics/prometheus", null, null).body()).contains("baton_backends_active{backend=\"lv-a\"} 1");
            for (int i = 0; i < 4; i++) {
                assertThat(idOf(ask("new"))).isEqualTo("lv-b");
            }
            assertThat(say(held, "still here")).startsWith("lv-a ").endsWith(" still here");
        }
        await().untilAsserted(() -> assertThat(listed()).containsOnlyKeys("lv-b"));
        assertThat(admin("GET", "/backends/lv-a", null, null).statusCode()).isEqualTo(404);
        assertThat(admin("GET", "/metrics/prometheus", null, null).body()).doesNotContain("backend=\"lv-a\"");
    }

    /** GET /backends by id. */
    private Map<String, JsonNode> listed() throws Exception {
        Map<String, JsonNode> byId = new java.util.LinkedHashMap<>();
        for (JsonNode b : new ObjectMapper().readTree(admin("GET", "/backends", null, null).body()).get("backends")) {
            byId.put(b.get("id").asText(), b);
        }
        return byId;
    }
}
