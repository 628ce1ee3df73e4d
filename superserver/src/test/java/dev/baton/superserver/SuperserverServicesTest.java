package dev.baton.superserver;

import static dev.baton.common.testing.SocketLines.readLine;
import static dev.baton.superserver.TestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sockets against a superserver with internal, program and limited services. */
class SuperserverServicesTest {
    @TempDir
    Path dir;

    private Superserver server;

    @BeforeEach
    void start() throws Exception {
        server = TestSupport.start(dir, """
                registry: {port: 0}
                services:
                  - {name: echo, port: 0, bind: 127.0.0.1, type: internal, internal: echo}
                  - {name: discard, port: 0, bind: 127.0.0.1, type: internal, internal: discard}
                  - {name: daytime, port: 0, bind: 127.0.0.1, type: internal, internal: daytime}
                  - {name: chargen, port: 0, bind: 127.0.0.1, type: internal, internal: chargen}
                  - {name: cat, port: 0, bind: 127.0.0.1, type: program, program: [cat]}
                  - {name: count, port: 0, bind: 127.0.0.1, type: program, program: [wc, -c]}
                  - {name: env, port: 0, bind: 127.0.0.1, type: program, program: [sh, -c, 'echo "$BATON_REMOTE_ADDR"']}
                  - {name: one-each, port: 0, bind: 127.0.0.1, type: internal, internal: echo, limits: {per-source: 1}}
                  - {name: slow, port: 0, bind: 127.0.0.1, type: internal, internal: echo, limits: {connections-per-second: 3, back-off-seconds: 60}}
                  - {name: denied, port: 0, bind: 127.0.0.1, type: internal, internal: echo, limits: {deny: [127.0.0.0/8]}}
                  - {name: allowed-elsewhere, port: 0, bind: 127.0.0.1, type: internal, internal: echo, limits: {allow: [10.0.0.0/8]}}
                """);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Socket connect(String service) throws Exception {
        Socket s = new Socket("127.0.0.1", server.port(service));
        s.setSoTimeout(5000);
        return s;
    }

    @Test
    void echoAnswersWhatItGets() throws Exception {
        try (Socket s = connect("echo")) {
            s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(s.getInputStream())).isEqualTo("hello");
        }
    }

    @Test
    void discardAnswersNothingAndDaytimeAndChargenSpeakFirst() throws Exception {
        try (Socket s = connect("discard")) {
            s.getOutputStream().write(new byte[100_000]);
            s.shutdownOutput();
            s.setSoTimeout(300);
            assertThat(assertTimesOutOrEnds(s.getInputStream())).isTrue();
        }
        try (Socket s = connect("daytime")) {
            assertThat(readAll(s)).matches("[A-Z][a-z]+day, [A-Z][a-z]+ \\d+, \\d{4} \\d\\d:\\d\\d:\\d\\d-UTC\r\n");
        }
        try (Socket s = connect("chargen")) {
            String line = readLine(s.getInputStream());
            assertThat(line).hasSize(72);
            byte[] more = s.getInputStream().readNBytes(1_000_000);
            assertThat(more).hasSize(1_000_000);
        }
    }

    private static boolean assertTimesOutOrEnds(InputStream in) throws Exception {
        try {
            return in.read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        }
    }

    @Test
    void nowaitCatSeesTheConnectionAsStdinAndStdout() throws Exception {
        byte[] payload = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(payload);
        try (Socket s = connect("cat")) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    s.getOutputStream().write(payload);
                    s.shutdownOutput();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] back = s.getInputStream().readAllBytes();
            writer.join();
            assertThat(back).isEqualTo(payload);
        }
    }

    @Test
    void nowaitWcCountsTheBytesOfTheConnection() throws Exception {
        try (Socket s = connect("count")) {
            OutputStream out = s.getOutputStream();
            out.write(new byte[123_457]);
            s.shutdownOutput();
            assertThat(readAll(s).trim()).isEqualTo("123457");
        }
    }

    @Test
    void programLearnsTheClientAddress() throws Exception {
        try (Socket s = connect("env")) {
            assertThat(readAll(s).trim()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void perSourceLimitRefusesTheSecondConnectionAtOnce() throws Exception {
        try (Socket first = connect("one-each")) {
            first.getOutputStream().write("a\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(first.getInputStream())).isEqualTo("a");
            try (Socket second = connect("one-each")) {
                assertThat(firstByteOrEnd(second)).isEqualTo(-1);
            }
        }
        await().untilAsserted(() -> {
            try (Socket again = connect("one-each")) {
                again.getOutputStream().write("b\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readLine(again.getInputStream())).isEqualTo("b");
            }
        });
    }

    @Test
    void rateLimitBacksOffAfterTheBurst() throws Exception {
        List<Integer> firstBytes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            try (Socket s = connect("slow")) {
                s.getOutputStream().write("x\n".getBytes(StandardCharsets.US_ASCII));
                firstBytes.add(firstByteOrEnd(s));
            }
        }
        assertThat(firstBytes).startsWith((int) 'x', (int) 'x', (int) 'x').endsWith(-1, -1, -1);
        assertThat(server.metrics().counter("service.slow.refused").getCount()).isEqualTo(3);
    }

    /** The first byte, or -1 when the server closed; a close with our bytes unread arrives as a reset. */
    private static int firstByteOrEnd(Socket s) throws Exception {
        try {
            return s.getInputStream().read();
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }

    @Test
    void cidrDenyAndAllowListsRefuse() throws Exception {
        for (String service : List.of("denied", "allowed-elsewhere")) {
            try (Socket s = connect(service)) {
                assertThat(firstByteOrEnd(s)).as(service).isEqualTo(-1);
            }
        }
        assertThat(server.metrics().counter("service.denied.refused").getCount()).isEqualTo(1);
    }

    @Test
    void adminPortServesHealthAndMetrics() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var health = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.adminPort() + "/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"echo\"").contains("\"UP\"");
        var metrics = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics/prometheus")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("baton_service_accepted{service=\"echo\"}");
    }

    @Test
    void closedClientEndsItsProgram() throws Exception {
        java.util.Set<Long> before = catChildren();
        Socket s = connect("cat");
        s.getOutputStream().write("x\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readLine(s.getInputStream())).isEqualTo("x");
        java.util.Set<Long> mine = catChildren();
        mine.removeAll(before);
        assertThat(mine).hasSize(1);
        s.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(catChildren()).doesNotContainAnyElementsOf(mine));
    }

    private static java.util.Set<Long> catChildren() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().orElse("").endsWith("/cat"))
                .map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }
}
