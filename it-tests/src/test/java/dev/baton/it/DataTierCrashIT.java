package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.common.launch.LaunchSettings;
import dev.baton.common.launch.ManagedProcess;
import dev.baton.common.launch.ProcessSpec;
import dev.baton.common.launch.ReadinessProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6: kill -9 the data tier in the middle of a stream of acknowledged writes and transfers; after a
 * restart every acknowledged write is there and the total of all balances is unchanged.
 */
class DataTierCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACCOUNTS = 20;
    private static final long OPENING_BALANCE = 1_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path runDir;

    @Test
    void keepsEveryAcknowledgedWriteOnH2() throws Exception {
        crashAndCheck(List.of());
    }

    @Test
    void keepsEveryAcknowledgedWriteOnPostgreSQL() throws Exception {
        String url = System.getenv("BATON_TEST_PG_URL");
        assumeThat(url).as("BATON_TEST_PG_URL is not set (./baton test sets it when PostgreSQL is available): skipping").isNotNull();
        String user = System.getenv().getOrDefault("BATON_TEST_PG_USER", "baton");
        String password = System.getenv().getOrDefault("BATON_TEST_PG_PASSWORD", "baton");
        String schema = "crash_it_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        try {
            String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            crashAndCheck(List.of("--jdbc-url", schemaUrl, "--jdbc-user", user, "--jdbc-password", password));
        } finally {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private void crashAndCheck(List<String> engineArgs) throws Exception {
        int port = ClusterFixture.freePort();
        String base = "http://127.0.0.1:" + port;
        ManagedProcess first = startDataTier("data-crash", port, engineArgs);
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        Map<String, String> transfers = new ConcurrentHashMap<>();
        try {
            for (int i = 0; i < ACCOUNTS; i++) {
                assertThat(post(base + "/accounts", "{\"id\":\"acct-" + i + "\",\"balance\":" + OPENING_BALANCE + "}", null).statusCode())
                        .isEqualTo(201);
            }
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger acks = new AtomicInteger();
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int writer = t;
                load.add(Thread.ofPlatform().start(() -> writeUntilStopped(base, writer, running, acknowledged, acks)));
            }
            for (int t = 0; t < 2; t++) {
                int mover = t;
                load.add(Thread.ofPlatform().start(() -> transferUntilStopped(base, mover, running, transfers, acks)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.get() >= 60);
            first.kill(); // SIGKILL in the middle of the stream
            running.set(false);
            for (Thread t : load) {
                t.join();
            }
        } finally {
            first.kill();
        }

        ManagedProcess second = startDataTier("data-crash-restarted", port, engineArgs);
        try {
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                HttpResponse<String> r = get(base + "/kv/" + e.getKey());
                assertThat(r.statusCode()).as("acknowledged key " + e.getKey()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(e.getValue());
            }
            JsonNode total = JSON.readTree(get(base + "/audit/total").body());
            assertThat(total.get("total").asLong()).isEqualTo(ACCOUNTS * OPENING_BALANCE);
            for (Map.Entry<String, String> e : transfers.entrySet()) {
                HttpResponse<String> replay = post(base + "/transfers", e.getValue(), null);
                assertThat(replay.headers().firstValue("Idempotent-Replay")).as("acknowledged transfer " + e.getKey()).hasValue("true");
            }
            assertThat(acknowledged).isNotEmpty();
        } finally {
            second.stop(Duration.ofSeconds(10));
        }
    }

    private void writeUntilStopped(String base, int writer, AtomicBoolean running, Map<String, String> acked, AtomicInteger acks) {
        for (int n = 0; running.get(); n++) {
            String key = "w" + writer + "-" + n;
            String value = "value '" + n + "'; DROP TABLE kv; --";
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/kv/" + key))
                        .timeout(Duration.ofSeconds(5)).PUT(HttpRequest.BodyPublishers.ofString(value)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    acked.put(key, value);
                    acks.incrementAndGet();
                }
            } catch (IOException e) {
                return; // the data tier is gone: unacknowledged, so nothing is owed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void transferUntilStopped(String base, int mover, AtomicBoolean running, Map<String, String> acked, AtomicInteger acks) {
        for (int n = 0; running.get(); n++) {
            int from = ThreadLocalRandom.current().nextInt(ACCOUNTS);
            int to = (from + 1 + ThreadLocalRandom.current().nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            String key = "m" + mover + "-" + n;
            String body = "{\"idempotencyKey\":\"" + key + "\",\"from\":\"acct-" + from + "\",\"to\":\"acct-" + to
                    + "\",\"amount\":" + (1 + ThreadLocalRandom.current().nextInt(50)) + "}";
            try {
                HttpResponse<String> r = post(base + "/transfers", body, null);
                if (r.statusCode() == 200) {
                    acked.put(key, body);
                    acks.incrementAndGet();
                }
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private ManagedProcess startDataTier(String name, int port, List<String> engineArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--id", name, "--port", Integer.toString(port),
                "--zookeeper", "none", "--run-dir", runDir.toString()));
        args.addAll(engineArgs);
        ProcessSpec spec = new ProcessSpec(name, ProcessSpec.Role.DATA, "data-tier", "dev.baton.data.DataTierMain",
                args, Map.of(), List.of(port), ReadinessProbe.http("http://127.0.0.1:" + port + "/health"), "");
        ManagedProcess p = ManagedProcess.start(spec, LaunchSettings.defaults(ClusterFixture.root(), runDir));
        p.awaitReady(Duration.ofSeconds(60));
        return p;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String json, String unused) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
