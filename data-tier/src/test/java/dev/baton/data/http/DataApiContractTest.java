package dev.baton.data.http;

import static dev.baton.data.testing.HttpTestClient.json;
import static dev.baton.data.testing.HttpTestClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.common.config.ConfigLoader;
import dev.baton.data.DataTier;
import dev.baton.data.DataTierConfig;
import dev.baton.data.testing.HttpTestClient;
import dev.baton.data.testing.TestDatabases.JdbcTarget;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The HTTP contract with the app tier, through a real server on port 0; run per engine by the subclasses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DataApiContractTest {
    static final int MAX_VALUE_BYTES = 4096;

    private JdbcTarget target;
    private DataTier tier;
    HttpTestClient http;

    abstract JdbcTarget target() throws Exception;

    abstract String engine();

    @BeforeAll
    void start() throws Exception {
        target = target();
        DataTierConfig config = ConfigLoader.load(DataTierConfig.class, null, Map.of(), Map.of(
                "port", "0", "bind", "127.0.0.1", "zookeeper", "none", "jdbc-url", target.url(),
                "jdbc-user", target.user(), "jdbc-password", target.password(),
                "max-value-bytes", Integer.toString(MAX_VALUE_BYTES), "pool-size", "8"));
        tier = DataTier.start(config);
        http = new HttpTestClient(tier.port());
    }

    @AfterAll
    void stop() throws Exception {
        if (tier != null) {
            tier.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void storesAndReturnsBinaryQuotedAndSqlValuesUnchanged() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        List<byte[]> values = List.of(binary, utf8("she said \"it's\" \\n"), utf8("'); DROP TABLE kv_entries; --"),
                new byte[0], utf8("{\"json\": [1, 2]}"));
        List<String> keys = List.of("plain", "it's \"quoted\"", "'; DELETE FROM kv_entries; --", "ünï cødé ✓", "a+b&c=d?e#f");
        for (int i = 0; i < values.size(); i++) {
            String path = "/kv/" + segment(keys.get(i) + "-" + UUID.randomUUID());
            HttpResponse<byte[]> put = http.put(path, values.get(i), Map.of());
            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(put.headers().firstValue("ETag")).contains("\"1\"");
            HttpResponse<byte[]> get = http.get(path);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo(values.get(i));
            assertThat(get.headers().firstValue("Content-Type")).contains("application/octet-stream");
            assertThat(get.headers().firstValue("ETag")).contains("\"1\"");
        }
    }

    @Test
    void putAnswersKeyAndVersion() {
        String key = "k-" + UUID.randomUUID();
        http.put("/kv/" + key, utf8("1"), Map.of());
        HttpResponse<byte[]> second = http.put("/kv/" + key, utf8("2"), Map.of());
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json(second).get("key").asText()).isEqualTo(key);
        assertThat(json(second).get("version").asLong()).isEqualTo(2);
        assertThat(second.headers().firstValue("ETag")).contains("\"2\"");
    }

    @Test
    void missingKeyIsA404JsonError() {
        HttpResponse<byte[]> get = http.get("/kv/absent-" + UUID.randomUUID());
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(json(get).get("status").asInt()).isEqualTo(404);
        assertThat(json(get).get("error").asText()).startsWith("no such key");
    }

    @Test
    void valueOverTheLimitIs413() {
        String path = "/kv/big-" + UUID.randomUUID();
        assertThat(http.put(path, new byte[MAX_VALUE_BYTES], Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> over = http.put(path, new byte[MAX_VALUE_BYTES + 1], Map.of());
        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(json(over).get("status").asInt()).isEqualTo(413);
        // Far beyond the limit the aggregator refuses it before it is buffered.
        assertThat(http.put(path, new byte[200_000], Map.of()).statusCode()).isEqualTo(413);
        assertThat(http.get(path).body()).hasSize(MAX_VALUE_BYTES);
    }

    @Test
    void overlongKeyIs400() {
        assertThat(http.get("/kv/" + "k".repeat(513)).statusCode()).isEqualTo(400);
        assertThat(http.put("/kv/" + "é".repeat(257), utf8("x"), Map.of()).statusCode()).isEqualTo(400);
        assertThat(http.put("/kv/" + "k".repeat(512), utf8("x"), Map.of()).statusCode()).isEqualTo(200);
        assertThat(http.put("/kv/nul%00key", utf8("x"), Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void ifMatchIsCompareAndSet() {
        String path = "/kv/cas-" + UUID.randomUUID();
        assertThat(http.put(path, utf8("a"), Map.of("If-Match", "\"1\"")).statusCode()).isEqualTo(409);
        http.put(path, utf8("a"), Map.of());
        HttpResponse<byte[]> ok = http.put(path, utf8("b"), Map.of("If-Match", "\"1\""));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("ETag")).contains("\"2\"");
        HttpResponse<byte[]> stale = http.put(path, utf8("c"), Map.of("If-Match", "\"1\""));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(json(stale).get("status").asInt()).isEqualTo(409);
        assertThat(http.get(path).body()).isEqualTo(utf8("b"));
        assertThat(http.put(path, utf8("d"), Map.of("If-Match", "version two")).statusCode()).isEqualTo(400);
        // strong comparison: the current version as a weak tag never matches
        HttpResponse<byte[]> weak = http.put(path, utf8("e"), Map.of("If-Match", "W/\"2\""));
        assertThat(weak.statusCode()).isEqualTo(409);
        assertThat(json(weak).get("error").asText()).contains("weak tag");
        for (String bad : new String[] {"2", "\"+2\"", "\"2\", \"3\"", "\"02\"", "\"99999999999999999999\""}) {
            assertThat(http.put(path, utf8("f"), Map.of("If-Match", bad)).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(http.get(path).body()).isEqualTo(utf8("b"));
    }

    @Test
    void ifNoneMatchStarCreatesOnly() {
        String path = "/kv/create-" + UUID.randomUUID();
        assertThat(http.put(path, utf8("a"), Map.of("If-None-Match", "*")).statusCode()).isEqualTo(200);
        assertThat(http.put(path, utf8("b"), Map.of("If-None-Match", "*")).statusCode()).isEqualTo(409);
        assertThat(http.get(path).body()).isEqualTo(utf8("a"));
    }

    @Test
    void deleteAnswers204Then404AndHonoursIfMatch() {
        String path = "/kv/del-" + UUID.randomUUID();
        http.put(path, utf8("a"), Map.of());
        assertThat(http.delete(path, Map.of("If-Match", "\"7\"")).statusCode()).isEqualTo(409);
        assertThat(http.delete(path, Map.of("If-Match", "\"1\"")).statusCode()).isEqualTo(204);
        assertThat(http.delete(path, Map.of()).statusCode()).isEqualTo(404);
        assertThat(http.get(path).statusCode()).isEqualTo(404);
    }

    @Test
    void anETagFromBeforeADeleteNeverMatchesAgain() {
        String path = "/kv/aba-" + UUID.randomUUID();
        String old = http.put(path, utf8("a"), Map.of()).headers().firstValue("ETag").orElseThrow();
        assertThat(http.delete(path, Map.of()).statusCode()).isEqualTo(204);
        assertThat(http.put(path, utf8("b"), Map.of("If-Match", old)).statusCode()).isEqualTo(409);
        HttpResponse<byte[]> again = http.put(path, utf8("b"), Map.of());
        assertThat(again.statusCode()).isEqualTo(200);
        String current = again.headers().firstValue("ETag").orElseThrow();
        assertThat(current).isNotEqualTo(old);
        HttpResponse<byte[]> stale = http.put(path, utf8("c"), Map.of("If-Match", old));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(json(stale).get("status").asInt()).isEqualTo(409);
        assertThat(http.delete(path, Map.of("If-Match", old)).statusCode()).isEqualTo(409);
        HttpResponse<byte[]> get = http.get(path);
        assertThat(get.body()).isEqualTo(utf8("b"));
        assertThat(get.headers().firstValue("ETag")).contains(current);
    }

    @Test
    void aDeletedKeyIsAbsentAndCreateOnlyWritesItAgain() {
        String path = "/kv/tomb-" + UUID.randomUUID();
        http.put(path, utf8("a"), Map.of());
        assertThat(http.delete(path, Map.of()).statusCode()).isEqualTo(204);
        assertThat(http.get(path).statusCode()).isEqualTo(404);
        assertThat(http.delete(path, Map.of("If-Match", "\"1\"")).statusCode()).isEqualTo(404);
        assertThat(http.put(path, utf8("b"), Map.of("If-Match", "*")).statusCode()).isEqualTo(409);
        HttpResponse<byte[]> created = http.put(path, utf8("c"), Map.of("If-None-Match", "*"));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(http.put(path, utf8("d"), Map.of("If-None-Match", "*")).statusCode()).isEqualTo(409);
        assertThat(http.get(path).body()).isEqualTo(utf8("c"));
    }

    @Test
    void createsAndReadsAccounts() {
        String id = "acct-" + UUID.randomUUID();
        HttpResponse<byte[]> created = http.postJson("/accounts", "{\"id\": \"" + id + "\", \"balance\": 100}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("id").asText()).isEqualTo(id);
        assertThat(json(created).get("balance").asLong()).isEqualTo(100);
        assertThat(http.postJson("/accounts", "{\"id\": \"" + id + "\", \"balance\": 1}").statusCode()).isEqualTo(409);
        HttpResponse<byte[]> read = http.get("/accounts/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).get("balance").asLong()).isEqualTo(100);

        HttpResponse<byte[]> generated = http.postJson("/accounts", "{\"balance\": 5}");
        assertThat(generated.statusCode()).isEqualTo(201);
        String generatedId = json(generated).get("id").asText();
        assertThat(UUID.fromString(generatedId)).isNotNull();
        assertThat(json(http.get("/accounts/" + generatedId)).get("balance").asLong()).isEqualTo(5);
    }

    @Test
    void refusesBadAccounts() {
        assertThat(http.postJson("/accounts", "{\"balance\": -1}").statusCode()).isEqualTo(422);
        assertThat(http.postJson("/accounts", "{\"id\": \"x\"}").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/accounts", "{\"balance\": \"10\"}").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/accounts", "{\"balance\": 1.5}").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/accounts", "{\"id\": 7, \"balance\": 1}").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/accounts", "{\"balance\": 99999999999999999999}").statusCode()).isEqualTo(400);
        HttpResponse<byte[]> malformed = http.postJson("/accounts", "{\"balance\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("status").asInt()).isEqualTo(400);
        assertThat(http.postJson("/accounts", "[1, 2]").statusCode()).isEqualTo(400);
        assertThat(http.get("/accounts/nobody-" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    }

    @Test
    void transferAppliesOnceAndReplaysWithTheSameAnswer() {
        String a = account(100);
        String b = account(0);
        String body = transfer("key-" + UUID.randomUUID(), a, b, 40);
        HttpResponse<byte[]> first = http.postJson("/transfers", body);
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode answer = json(first);
        assertThat(answer.get("status").asText()).isEqualTo("applied");
        assertThat(answer.get("from").asText()).isEqualTo(a);
        assertThat(answer.get("to").asText()).isEqualTo(b);
        assertThat(answer.get("amount").asLong()).isEqualTo(40);
        assertThat(first.headers().firstValue("Idempotent-Replay")).isEmpty();

        assertReplays(body, first);
        assertThat(balance(a)).isEqualTo(60);
        assertThat(balance(b)).isEqualTo(40);
    }

    @Test
    void insufficientFundsIs409AndReplaysAs409() {
        String a = account(10);
        String b = account(0);
        String body = transfer("key-" + UUID.randomUUID(), a, b, 11);
        HttpResponse<byte[]> first = http.postJson("/transfers", body);
        assertThat(first.statusCode()).isEqualTo(409);
        assertThat(json(first).get("error").asText()).isEqualTo("insufficient funds");
        assertReplays(body, first);
        assertThat(balance(a)).isEqualTo(10);
    }

    /** Posts the transfer {@code body} again: the answer is {@code first} to the byte, marked as a replay. */
    private void assertReplays(String body, HttpResponse<byte[]> first) {
        HttpResponse<byte[]> retry = http.postJson("/transfers", body);
        assertThat(retry.statusCode()).isEqualTo(first.statusCode());
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replay")).contains("true");
    }

    @Test
    void refusesBadTransfers() {
        String a = account(100);
        String b = account(0);
        String key = "key-" + UUID.randomUUID();
        assertThat(http.postJson("/transfers", transfer(key, a, b, 5)).statusCode()).isEqualTo(200);
        assertThat(http.postJson("/transfers", transfer(key, a, b, 6)).statusCode()).isEqualTo(422);
        assertThat(http.postJson("/transfers", transfer(uniqueKey(), a, "ghost-" + UUID.randomUUID(), 5)).statusCode()).isEqualTo(404);
        assertThat(http.postJson("/transfers", transfer(uniqueKey(), a, b, 0)).statusCode()).isEqualTo(422);
        assertThat(http.postJson("/transfers", transfer(uniqueKey(), a, b, -3)).statusCode()).isEqualTo(422);
        assertThat(http.postJson("/transfers", transfer(uniqueKey(), a, a, 5)).statusCode()).isEqualTo(422);
        assertThat(http.postJson("/transfers", "{\"from\": \"" + a + "\", \"to\": \"" + b + "\", \"amount\": 1}").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/transfers", "{\"idempotencyKey\": \"k\", \"from\": \"" + a + "\", \"to\": \"" + b + "\"}").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/transfers", "{\"idempotencyKey\": \"k\", \"from\": \"" + a + "\", \"to\": \"" + b + "\", \"amount\": 1.5}").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/transfers", "not json").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/transfers", "").statusCode()).isEqualTo(400);
        assertThat(balance(a)).isEqualTo(95);
    }

    @Test
    void concurrentTransfersFromSixteenThreadsKeepTheTotalAndNeverOverdraw() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(account(500));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    int applied = 0;
                    for (int i = 0; i < 25; i++) {
                        int from = random.nextInt(ids.size());
                        int to = (from + 1 + random.nextInt(ids.size() - 1)) % ids.size();
                        HttpResponse<byte[]> r = http.postJson("/transfers",
                                transfer(uniqueKey(), ids.get(from), ids.get(to), 1 + random.nextInt(300)));
                        assertThat(r.statusCode()).isIn(200, 409);
                        applied += r.statusCode() == 200 ? 1 : 0;
                    }
                    return applied;
                }));
            }
            int applied = 0;
            for (Future<Integer> f : futures) {
                applied += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(applied).isPositive();
        } finally {
            pool.shutdownNow();
        }
        long sum = 0;
        for (String id : ids) {
            long balance = balance(id);
            assertThat(balance).isNotNegative();
            sum += balance;
        }
        assertThat(sum).isEqualTo(2_500);
    }

    @Test
    void auditTotalSumsTheBalances() {
        JsonNode before = json(http.get("/audit/total"));
        account(123);
        account(7);
        JsonNode after = json(http.get("/audit/total"));
        assertThat(after.get("accounts").asLong()).isEqualTo(before.get("accounts").asLong() + 2);
        assertThat(after.get("total").bigIntegerValue().subtract(before.get("total").bigIntegerValue()))
                .isEqualTo(java.math.BigInteger.valueOf(130));
    }

    @Test
    void healthNamesTheEngineAndMetricsCountRequests() {
        HttpResponse<byte[]> health = http.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("UP");
        assertThat(json(health).get("engine").asText()).isEqualTo(engine());
        http.get("/kv/metrics-probe");
        HttpResponse<byte[]> metrics = http.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(json(metrics).get("timers").has("http.kv.get")).isTrue();
        assertThat(json(metrics).get("meters").has("http.kv.get.4xx")).isTrue();
        assertThat(json(metrics).get("gauges").fieldNames()).toIterable().anyMatch(n -> n.contains("pool.ActiveConnections"));
        HttpResponse<byte[]> prometheus = http.get("/metrics/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(new String(prometheus.body(), StandardCharsets.UTF_8)).contains("http_kv_get");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        assertThat(http.get("/nope").statusCode()).isEqualTo(404);
        assertThat(http.send("PATCH", "/kv/x", utf8("x"), Map.of()).statusCode()).isEqualTo(405);
        assertThat(json(http.get("/nope")).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void garbageOnTheWireGetsA400AndTheServerKeepsServing() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", tier.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("\u0000\u0001GARBAGE \r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(reply).startsWith("HTTP/1.1 400").doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
    }

    String account(long balance) {
        String id = "acct-" + UUID.randomUUID();
        assertThat(http.postJson("/accounts", "{\"id\": \"" + id + "\", \"balance\": " + balance + "}").statusCode()).isEqualTo(201);
        return id;
    }

    long balance(String id) {
        return json(http.get("/accounts/" + id)).get("balance").asLong();
    }

    static String transfer(String key, String from, String to, long amount) {
        return "{\"idempotencyKey\": \"" + key + "\", \"from\": \"" + from + "\", \"to\": \"" + to + "\", \"amount\": " + amount + "}";
    }

    static String uniqueKey() {
        return "key-" + UUID.randomUUID();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
