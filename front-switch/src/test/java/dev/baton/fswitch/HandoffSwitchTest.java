package dev.baton.fswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.common.discovery.HostIdentity;
import dev.baton.common.http.Json;
import io.netty.channel.epoll.Epoll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real switch handing connections to real handoff receivers in this JVM, found in a real ZooKeeper. */
class HandoffSwitchTest extends SwitchTestBase {
    private static final String HERE = HostIdentity.current();

    @TempDir
    Path dir;

    /** The switch's own PROXY default and no admin token; no health checks, and a short drain. */
    @Override
    Map<String, String> defaults() {
        Map<String, String> config = baseConfig();
        config.remove("admin-token");
        config.putAll(Map.of("proxy-protocol", "true", "drain-timeout-ms", "200", "health.check", "none"));
        return config;
    }

    @BeforeEach
    void needsEpoll() {
        assumeThat(Epoll.isAvailable()).as("handoff needs epoll").isTrue();
    }

    private TestReceiver receiver(String id, String hostId) throws Exception {
        TestReceiver r = new TestReceiver(id, dir.resolve(id + "/handoff.sock"));
        cleanup.add(r);
        register(id, r.details(hostId));
        return r;
    }

    /** One request on a new connection ({@code Connection: close}); returns the response body. */
    private String get(String path) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            return response.substring(response.indexOf("\r\n\r\n") + 4).trim();
        }
    }

    @Test
    void handsOffAndTheReceiverAnswersTheClientWithItsRealAddress() throws Exception {
        TestReceiver a = receiver("ho-a", HERE);
        receiver("ho-far", "another-host");
        startSwitch(Map.of("mode", "handoff"));
        awaitBackends(2);
        for (int i = 0; i < 4; i++) {
            try (Socket s = connect()) {
                s.getOutputStream().write("GET /who HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).endsWith("ho-a handoff 127.0.0.1:" + s.getLocalPort() + " /who\n");
            }
        }
        assertThat(a.handedOff.get()).isEqualTo(4);
        assertThat(a.relayed.get()).isZero();
        // The switch counts a handoff when its send completes, which may be after the client got its answer.
        await().untilAsserted(() -> {
            assertThat(fs.metrics().handoffs()).isEqualTo(4);
            assertThat(fs.pool().find("ho-a").orElseThrow().handoffs()).isEqualTo(4);
        });
        assertThat(fs.pool().find("ho-a").orElseThrow().relayedConnections()).isZero();
    }

    @Test
    void handsOffTheBytesOfAClientThatHalfClosedAtOnce() throws Exception {
        // Epoll reads bytes that arrive with a FIN even with reads off; they must travel with the socket.
        TestReceiver a = receiver("hc-a", HERE);
        startSwitch(Map.of("mode", "handoff"));
        awaitBackends(1);
        for (int i = 0; i < 20; i++) {
            try (Socket s = connect()) {
                s.getOutputStream().write("GET /half HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).endsWith("hc-a handoff 127.0.0.1:" + s.getLocalPort() + " /half\n");
            }
        }
        assertThat(a.handedOff.get()).isEqualTo(20);
    }

    @Test
    void autoHandsOffToSameHostBackendsAndRelaysToOthers() throws Exception {
        TestReceiver near = receiver("au-a-near", HERE);
        TestReceiver far = receiver("au-b-far", "another-host");
        startSwitch(Map.of("mode", "auto"));
        awaitBackends(2);
        Set<String> answers = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            String body = get("/p");
            answers.add(body.split(" ")[0] + " " + body.split(" ")[1]);
            assertThat(body).contains(" 127.0.0.1:");
        }
        assertThat(answers).containsExactlyInAnyOrder("au-a-near handoff", "au-b-far tcp");
        assertThat(near.relayed.get()).isZero();
        assertThat(far.handedOff.get()).isZero();
    }

    @Test
    void deadReceiverSocketIsRetriedOnAnotherBackendWithoutTheClientNoticing() throws Exception {
        TestReceiver dead = receiver("dr-a-dead", HERE);
        dead.closeHandoff();
        TestReceiver live = receiver("dr-b-live", HERE);
        startSwitch(Map.of("mode", "handoff"));
        awaitBackends(2);
        for (int i = 0; i < 8; i++) {
            assertThat(idOf(get("/x"))).isEqualTo("dr-b-live");
        }
        assertThat(live.handedOff.get()).isEqualTo(8);
        assertThat(dead.relayed.get()).isZero();
        assertThat(fs.metrics().handoffFailures()).isGreaterThanOrEqualTo(1);
        assertThat(fs.pool().find("dr-a-dead").orElseThrow().state().label()).isEqualTo("ejected");
    }

    @Test
    void autoRelaysToABackendWhoseHandoffSocketIsDead() throws Exception {
        TestReceiver dead = receiver("ar-dead", HERE);
        dead.closeHandoff();
        startSwitch(Map.of("mode", "auto"));
        awaitBackends(1);
        assertThat(get("/r")).startsWith("ar-dead tcp 127.0.0.1:");
        assertThat(fs.pool().find("ar-dead").orElseThrow().handoffFailures()).isEqualTo(1);
    }

    @Test
    void contentAwareDispatchSendsTheSamePathToTheSameBackend() throws Exception {
        receiver("ca-a", HERE);
        receiver("ca-b", HERE);
        receiver("ca-c", HERE);
        startSwitch(Map.of("mode", "handoff", "dispatch", "content", "content.head-timeout-ms", "300"));
        awaitBackends(3);
        Map<String, Set<String>> servedBy = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            for (String path : List.of("/a", "/b?q=" + i, "/c/d")) {
                String body = get(path);
                assertThat(body).contains(" handoff ").endsWith(" " + path);
                servedBy.computeIfAbsent(path.split("\\?")[0], k -> new HashSet<>()).add(idOf(body));
            }
        }
        assertThat(servedBy).allSatisfy((path, ids) -> assertThat(ids).as(path).hasSize(1));
    }

    @Test
    void persistentConnectionStaysWithTheBackendItWasHandedTo() throws Exception {
        receiver("pc-a", HERE);
        receiver("pc-b", HERE);
        startSwitch(Map.of("mode", "handoff", "dispatch", "content"));
        awaitBackends(2);
        get("/first"); // /first and /second now have their own server sets
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("GET /one HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String first = readResponseBody(in);
            for (String path : List.of("/two", "/three", "/first")) {
                out.write(("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(idOf(readResponseBody(in))).isEqualTo(idOf(first));
            }
        }
    }

    @Test
    void malformedOversizedAndSlowHeadsAreRefused() throws Exception {
        receiver("bad-a", HERE);
        startSwitch(Map.of("mode", "handoff", "dispatch", "content", "content.head-timeout-ms", "300",
                "content.head-max-bytes", "1024"));
        awaitBackends(1);
        assertThat(rawExchange("BLAH\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(rawExchange("GET /x HTTP/1.1\r\nX-Big: " + "y".repeat(2000) + "\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(rawExchange("GET /slow HTTP/1.1\r\nHost: t\r\n")).startsWith("HTTP/1.1 408 ");
        assertThat(fs.pool().find("bad-a").orElseThrow().handoffs()).isZero();
    }

    private String rawExchange(String request) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** Reads one response with a Content-Length and returns its body. */
    private static String readResponseBody(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            assertThat(c).isNotEqualTo(-1);
            head.write(c);
        }
        String h = head.toString(StandardCharsets.US_ASCII).toLowerCase();
        int at = h.indexOf("content-length:");
        int length = Integer.parseInt(h.substring(at + 15, h.indexOf("\r\n", at)).trim());
        return new String(in.readNBytes(length), StandardCharsets.UTF_8).trim();
    }

    @Test
    void loadReportsDriveLeastConnections() throws Exception {
        TestReceiver busy = receiver("lr-a-busy", HERE);
        TestReceiver idle = receiver("lr-b-idle", HERE);
        startSwitch(Map.of("mode", "handoff", "policy", "least-connections", "admin-token", "t"));
        awaitBackends(2);
        for (int i = 0; i < 4; i++) {
            get("/warm"); // opens a session to each receiver, so they report
        }
        busy.reportedLoad.set(30);
        idle.reportedLoad.set(2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(fs.pool().find("lr-a-busy").orElseThrow().activeConnections()).isEqualTo(30);
            assertThat(fs.pool().find("lr-b-idle").orElseThrow().activeConnections()).isEqualTo(2);
        });
        int before = busy.handedOff.get();
        for (int i = 0; i < 10; i++) {
            assertThat(idOf(get("/l"))).isEqualTo("lr-b-idle");
        }
        assertThat(busy.handedOff.get()).isEqualTo(before);

        HttpResponse<String> list = admin("GET", "/backends/lr-a-busy", null, null);
        JsonNode view = Json.MAPPER.readTree(list.body());
        assertThat(view.get("reportedActive").asInt()).isEqualTo(30);
        assertThat(view.get("handoff").asBoolean()).isTrue();
        assertThat(view.get("reportAgeMs").asLong()).isBetween(0L, 2000L);
    }

    @Test
    void descriptorsReturnToTheirBaselineAfterThousandsOfHandoffsIncludingFailedOnes() throws Exception {
        receiver("fd-a", HERE);
        receiver("fd-b", HERE);
        TestReceiver dead = receiver("fd-c-dead", HERE);
        dead.closeHandoff();
        startSwitch(Map.of("mode", "handoff", "health.ejection-base-ms", "20", "health.ejection-max-ms", "40",
                "health.max-ejection-percent", "50", "io-threads", "2"));
        awaitBackends(3);
        for (int i = 0; i < 40; i++) {
            get("/warm"); // a session (two Unix sockets at each end) per io thread and receiver
        }
        long baseline = openDescriptors();
        for (int i = 0; i < 5000; i++) {
            assertThat(idOf(get("/fd"))).isIn("fd-a", "fd-b");
        }
        assertThat(fs.metrics().handoffs()).isGreaterThanOrEqualTo(5000);
        assertThat(fs.metrics().handoffFailures()).isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(openDescriptors()).isLessThanOrEqualTo(baseline + 2));
    }
}
