package dev.baton.fswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.common.discovery.Registration;
import dev.baton.common.http.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real switch on port 0 relaying to real backends found in a real (in-process) ZooKeeper. */
class SwitchRelayTest extends SwitchTestBase {
    /** These switches relay as the switch does by default: with a PROXY v2 header before the client's bytes. */
    @Override
    Map<String, String> defaults() {
        Map<String, String> config = baseConfig();
        config.put("proxy-protocol", "true");
        return config;
    }

    @Test
    void relaysNewConnectionsRoundRobin() throws Exception {
        backend("rr-a");
        backend("rr-b");
        backend("rr-c");
        startSwitch(Map.of("proxy-protocol", "false"));
        awaitBackends(3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String answer = ask("hello " + i);
            assertThat(answer).endsWith("hello " + i);
            ids.add(idOf(answer));
        }
        assertThat(ids).containsExactly("rr-a", "rr-b", "rr-c", "rr-a", "rr-b", "rr-c");
        await().untilAsserted(() -> assertThat(fs.pool().backends()).allMatch(b -> b.activeConnections() == 0));
    }

    @Test
    void redispatchesWhenBackendRefusesConnectionAndEjectsIt() throws Exception {
        backend("ok-a");
        int deadPort = unusedPort();
        register("ok-b-dead", deadPort, deadPort);
        backend("ok-c");
        startSwitch(Map.of());
        awaitBackends(3);
        for (int i = 0; i < 12; i++) {
            assertThat(idOf(ask("x"))).isIn("ok-a", "ok-c");
        }
        var dead = fs.pool().find("ok-b-dead").orElseThrow();
        assertThat(dead.state().label()).isEqualTo("ejected");
        assertThat(dead.ejections()).isGreaterThanOrEqualTo(1);
        assertThat(meter("backend.retries")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void sendsProxyV2HeaderSoTheBackendSeesTheClient() throws Exception {
        backend("pp-a");
        startSwitch(Map.of());
        awaitBackends(1);
        try (Socket s = connect()) {
            s.getOutputStream().write("who\n".getBytes(StandardCharsets.UTF_8));
            String answer = new BufferedReader(new InputStreamReader(s.getInputStream())).readLine();
            assertThat(answer).isEqualTo("pp-a 127.0.0.1:" + s.getLocalPort() + " who");
        }
    }

    @Test
    void halfCloseReachesTheBackendAndItsAnswerStillReachesTheClient() throws Exception {
        backend("hc-a");
        startSwitch(Map.of());
        awaitBackends(1);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.shutdownOutput();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream()));
            assertThat(in.readLine()).endsWith("one");
            assertThat(in.readLine()).endsWith("two");
            assertThat(in.readLine()).isEqualTo("eof hc-a 2");
            assertThat(in.readLine()).isNull();
        }
        await().untilAsserted(() -> assertThat(fs.metrics().activeConnections()).isZero());
    }

    @Test
    void followsMembershipChanges() throws Exception {
        backend("mc-a");
        startSwitch(Map.of());
        awaitBackends(1);
        TestBackend b = new TestBackend("mc-b");
        cleanup.add(b);
        Registration rb = register("mc-b", b.port(), b.port());
        awaitBackends(2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(idOf(ask("m")));
        }
        assertThat(ids).contains("mc-a", "mc-b");
        rb.close();
        awaitBackends(1);
        for (int i = 0; i < 4; i++) {
            assertThat(idOf(ask("m"))).isEqualTo("mc-a");
        }
    }

    @Test
    void keepsLastMembershipWhileZooKeeperIsDown() throws Exception {
        backend("zk-a");
        backend("zk-b");
        startSwitch(Map.of());
        awaitBackends(2);
        zk.stop();
        try {
            await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> !fs.membership().current().isEmpty());
            for (int i = 0; i < 4; i++) {
                assertThat(idOf(ask("z"))).isIn("zk-a", "zk-b");
            }
            assertThat(fs.pool().backends()).hasSize(2);
        } finally {
            zk.restart();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(curator.getZookeeperClient().isConnected()).isTrue());
        backend("zk-c");
        await().atMost(Duration.ofSeconds(20)).until(() -> fs.pool().backends().size() == 3);
    }

    @Test
    void adminListsBackendsAndDrainsWithAToken() throws Exception {
        backend("ad-a");
        backend("ad-b");
        startSwitch(Map.of());
        awaitBackends(2);
        HttpResponse<String> list = admin("GET", "/backends", null, null);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode backends = Json.MAPPER.readTree(list.body()).get("backends");
        assertThat(backends).hasSize(2);
        assertThat(backends.get(0).get("id").asText()).isEqualTo("ad-a");
        assertThat(backends.get(0).get("state").asText()).isEqualTo("up");
        assertThat(backends.get(0).has("activeConnections")).isTrue();
        assertThat(backends.get(0).get("address").asText()).startsWith("127.0.0.1:");

        assertThat(admin("POST", "/backends/ad-a/drain", null, null).statusCode()).isEqualTo(401);
        assertThat(admin("POST", "/backends/ad-a/drain", "wrong", null).statusCode()).isEqualTo(401);
        assertThat(admin("POST", "/backends/nope/drain", "t0ken", null).statusCode()).isEqualTo(404);
        HttpResponse<String> drained = admin("POST", "/backends/ad-a/drain", "t0ken", null);
        assertThat(drained.statusCode()).isEqualTo(200);
        assertThat(drained.body()).contains("\"state\":\"draining\"");
        for (int i = 0; i < 4; i++) {
            assertThat(idOf(ask("d"))).isEqualTo("ad-b");
        }
        assertThat(admin("POST", "/backends/ad-a/undrain", "t0ken", null).statusCode()).isEqualTo(200);

        assertThat(admin("PUT", "/backends/ad-b/weight", "t0ken", "{\"weight\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(admin("PUT", "/backends/ad-b/weight", "t0ken", "not json").statusCode()).isEqualTo(400);
        assertThat(admin("PUT", "/backends/ad-b/weight", "t0ken", "{\"weight\":5000}").statusCode()).isEqualTo(400);
        assertThat(admin("PUT", "/backends/ad-b/weight", "t0ken", "{\"weight\":4294967346}").statusCode())
                .as("2^32 + 50, which an int would wrap to 50").isEqualTo(400);
        HttpResponse<String> weighted = admin("PUT", "/backends/ad-b/weight", "t0ken", "{\"weight\":7}");
        assertThat(weighted.statusCode()).isEqualTo(200);
        assertThat(weighted.body()).contains("\"weight\":7");

        assertThat(admin("GET", "/health", null, null).body()).contains("\"status\":\"UP\"");
        assertThat(admin("GET", "/metrics", null, null).body()).contains("connections.accepted");
        assertThat(admin("GET", "/metrics/prometheus", null, null).body()).contains("baton_connections_accepted_total")
                .contains("baton_backends_active{backend=\"ad-b\"}");
        assertThat(admin("GET", "/nope", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void statusCommandPrintsAnAlignedTable() throws Exception {
        backend("st-a");
        backend("st-bb");
        startSwitch(Map.of());
        awaitBackends(2);
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        var cmd = new dev.baton.fswitch.admin.StatusCommandAccess(out, err);
        int code = cmd.run("--admin", "http://127.0.0.1:" + fs.adminPort());
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        String[] lines = table.split("\n");
        assertThat(lines[0]).startsWith("ID").contains("ADDRESS").contains("STATE").contains("ACTIVE");
        assertThat(lines[1]).startsWith("st-a ").contains(" up ");
        assertThat(lines[2]).startsWith("st-bb");
        assertThat(lines[1].indexOf("127.0.0.1")).isEqualTo(lines[2].indexOf("127.0.0.1"));
    }
}
