package dev.baton.app.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.baton.app.data.DataTierPolicy;
import dev.baton.common.http.Json;
import dev.baton.common.testing.TempDirs;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.netty.channel.epoll.Epoll;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every server model must show (issue 5), run once per model by a subclass. The data
 * tier is WireMock; the app server is real, on a free port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AppServerContract {
    protected RunningApp app;
    private Path handoffDir;
    private HandoffReceiver handoff;
    protected final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    protected abstract ServerModel model();

    @BeforeAll
    void startApp() throws Exception {
        app = RunningApp.start(model());
        if (Epoll.isAvailable()) {
            handoffDir = Files.createTempDirectory("app-handoff");
            handoff = app.receiveHandoffs(handoffDir.resolve(model().label() + "/handoff.sock"));
        }
    }

    @AfterAll
    void stopApp() throws IOException {
        app.close();
        if (handoffDir != null) {
            TempDirs.deleteTree(handoffDir);
        }
    }

    @BeforeEach
    void resetDataTier() {
        app.dataTier.resetAll();
        app.client.instances().current().forEach(guard -> guard.breaker().reset());
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(app.uri(pathAndQuery));
    }

    protected static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void whoamiTellsIdModelAndTheClientAddressItSaw() throws Exception {
        HttpResponse<String> response = send(request("/whoami"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("id").asText()).isEqualTo("app-test");
        assertThat(body.get("model").asText()).isEqualTo(model().label());
        assertThat(body.get("client").asText()).startsWith("127.0.0.1:");
        assertThat(body.get("port").asInt()).isEqualTo(app.server.port());
    }

    @Test
    void answersAClientThatShutsDownItsSendingSideAfterTheRequest() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", app.server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.shutdownOutput();
            String reply = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(reply).startsWith("HTTP/1.1 200").contains("\"id\":\"app-test\"");
        }
    }

    @Test
    void whoamiTellsTheRealClientBehindAProxyV2Header() throws Exception {
        byte[] header = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
                0x21, 0x11, 0x00, 0x0C, (byte) 203, 0, 113, 7, 10, 0, 0, 1, (byte) 0xC3, 0x50, 0x1F, (byte) 0x90};
        try (RawHttp raw = new RawHttp(app.server.port())) {
            raw.send(header).send("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(response.body()).get("client").asText()).isEqualTo("203.0.113.7:50000");
        }
    }

    @Test
    void whoamiTellsTheRealClientBehindAProxyV1Header() throws Exception {
        try (RawHttp raw = new RawHttp(app.server.port())) {
            raw.send("PROXY TCP4 198.51.100.9 10.0.0.1 40000 80\r\nGET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertThat(Json.MAPPER.readTree(response.body()).get("client").asText()).isEqualTo("198.51.100.9:40000");
        }
    }

    @Test
    void healthIsUpAndSaysWhetherTheDataTierIs() throws Exception {
        HttpResponse<String> response = send(request("/health"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("UP");
        assertThat(json(response).get("dataTier").asText()).isIn("UP", "DOWN");
        assertThat(json(response).get("dataTierInstances").isArray()).isTrue();
        assertThat(json(response).get("id").asText()).isEqualTo("app-test");
    }

    @Test
    void metricsAreServedAsJsonAndPrometheusText() throws Exception {
        assertThat(send(request("/metrics")).statusCode()).isEqualTo(200);
        HttpResponse<String> prometheus = send(request("/metrics/prometheus"));
        assertThat(prometheus.statusCode()).isEqualTo(200);
    }

    @Test
    void putPassesTheRawBodyAndGetReturnsTheRawValueWithItsVersion() throws Exception {
        app.dataTier.stubFor(put("/kv/a").willReturn(okJson("{\"key\":\"a\",\"version\":1}").withHeader("ETag", "\"1\"")));
        app.dataTier.stubFor(get("/kv/a").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream").withHeader("ETag", "\"1\"").withBody("1")));

        HttpResponse<String> put = send(request("/kv/a").PUT(HttpRequest.BodyPublishers.ofString("1")));
        HttpResponse<String> got = send(request("/kv/a"));

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(json(put).get("version").asLong()).isEqualTo(1);
        assertThat(put.headers().firstValue("ETag")).contains("\"1\"");
        app.dataTier.verify(putRequestedFor(urlEqualTo("/kv/a")).withRequestBody(equalTo("1")));
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("1");
        assertThat(got.headers().firstValue("ETag")).contains("\"1\"");
    }

    @Test
    void keysArePercentEncodedOnTheWayToTheDataTier() throws Exception {
        app.dataTier.stubFor(get("/kv/a%20b%2Fc").willReturn(aResponse().withStatus(200).withBody("x")));
        assertThat(send(request("/kv/a%20b%2Fc")).body()).isEqualTo("x");
    }

    @Test
    void putWithIfMatchIsCompareAndSetAndAConflictIs409() throws Exception {
        app.dataTier.stubFor(put("/kv/a").withHeader("If-Match", equalTo("\"3\""))
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"version mismatch\",\"status\":409}")));

        HttpResponse<String> response = send(request("/kv/a").header("If-Match", "\"3\"").PUT(HttpRequest.BodyPublishers.ofString("2")));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("error").asText()).isEqualTo("version mismatch");
        // A conditional write is not retried: a retry could conflict with itself.
        app.dataTier.verify(1, putRequestedFor(urlEqualTo("/kv/a")));
    }

    @Test
    void deleteIsPassedWithItsCondition() throws Exception {
        app.dataTier.stubFor(delete("/kv/a").willReturn(aResponse().withStatus(204)));
        HttpResponse<String> response = send(request("/kv/a").header("If-Match", "\"7\"").DELETE());
        assertThat(response.statusCode()).isEqualTo(204);
        app.dataTier.verify(deleteRequestedFor(urlEqualTo("/kv/a")).withHeader("If-Match", equalTo("\"7\"")));
    }

    @Test
    void aMissingKeyIsTheDataTiers404Unchanged() throws Exception {
        app.dataTier.stubFor(get("/kv/nope").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"no such key: nope\",\"status\":404}")));
        HttpResponse<String> response = send(request("/kv/nope"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("no such key: nope");
    }

    @Test
    void createsAccountsAndRejectsBadOnesBeforeTheDataTier() throws Exception {
        app.dataTier.stubFor(post("/accounts").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"alice\",\"balance\":100}")));

        HttpResponse<String> created = send(request("/accounts").POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"alice\",\"balance\":100}")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("balance").asLong()).isEqualTo(100);
        app.dataTier.verify(postRequestedFor(urlEqualTo("/accounts")).withRequestBody(equalToJson("{\"id\":\"alice\",\"balance\":100}")));

        assertThat(send(request("/accounts").POST(HttpRequest.BodyPublishers.ofString("{\"balance\":"))).statusCode()).isEqualTo(400);
        assertThat(send(request("/accounts").POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"x\"}"))).statusCode()).isEqualTo(400);
        assertThat(send(request("/accounts").POST(HttpRequest.BodyPublishers.ofString("{\"balance\":\"ten\"}"))).statusCode()).isEqualTo(400);
        assertThat(send(request("/accounts").POST(HttpRequest.BodyPublishers.ofString("{\"balance\":-5}"))).statusCode()).isEqualTo(422);
        app.dataTier.verify(1, postRequestedFor(urlEqualTo("/accounts")));
    }

    @Test
    void getsAnAccount() throws Exception {
        app.dataTier.stubFor(get("/accounts/bob").willReturn(okJson("{\"id\":\"bob\",\"balance\":7}")));
        HttpResponse<String> response = send(request("/accounts/bob"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("balance").asLong()).isEqualTo(7);
    }

    @Test
    void aTransferNeedsAnIdempotencyKeyAndSendsIt() throws Exception {
        String body = "{\"from\":\"a\",\"to\":\"b\",\"amount\":5}";
        app.dataTier.stubFor(post("/transfers").willReturn(okJson(
                "{\"idempotencyKey\":\"k1\",\"from\":\"a\",\"to\":\"b\",\"amount\":5,\"status\":\"applied\"}")
                .withHeader("Idempotent-Replay", "true")));

        assertThat(send(request("/transfers").POST(HttpRequest.BodyPublishers.ofString(body))).statusCode()).isEqualTo(400);
        HttpResponse<String> applied = send(request("/transfers").header("Idempotency-Key", "k1").POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(applied.statusCode()).isEqualTo(200);
        assertThat(json(applied).get("status").asText()).isEqualTo("applied");
        assertThat(applied.headers().firstValue("Idempotent-Replay")).contains("true");
        app.dataTier.verify(1, postRequestedFor(urlEqualTo("/transfers")).withRequestBody(equalToJson(
                "{\"idempotencyKey\":\"k1\",\"from\":\"a\",\"to\":\"b\",\"amount\":5}")));
    }

    @Test
    void aTransferWithANonPositiveAmountOrToItselfIs422() throws Exception {
        for (String body : new String[] {"{\"from\":\"a\",\"to\":\"b\",\"amount\":-1}", "{\"from\":\"a\",\"to\":\"b\",\"amount\":0}",
                "{\"from\":\"a\",\"to\":\"a\",\"amount\":1}"}) {
            assertThat(send(request("/transfers").header("Idempotency-Key", "k").POST(HttpRequest.BodyPublishers.ofString(body)))
                    .statusCode()).as(body).isEqualTo(422);
        }
        assertThat(send(request("/transfers").header("Idempotency-Key", "k")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"a\",\"amount\":1}"))).statusCode()).isEqualTo(400);
        app.dataTier.verify(0, postRequestedFor(urlEqualTo("/transfers")));
    }

    @Test
    void anOverdraftIsTheDataTiers409() throws Exception {
        app.dataTier.stubFor(post("/transfers").willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"insufficient funds\",\"status\":409}")));
        HttpResponse<String> response = send(request("/transfers").header("Idempotency-Key", "k2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"a\",\"to\":\"b\",\"amount\":1000}")));
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("error").asText()).isEqualTo("insufficient funds");
    }

    @Test
    void auditTotalIsPassedThrough() throws Exception {
        app.dataTier.stubFor(get("/audit/total").willReturn(okJson("{\"total\":300,\"accounts\":3}")));
        assertThat(json(send(request("/audit/total"))).get("total").asLong()).isEqualTo(300);
    }

    @Test
    void aMalformedDataTierAnswerIs502NotACrash() throws Exception {
        app.dataTier.stubFor(get("/audit/total").willReturn(okJson("{\"total\":")));
        HttpResponse<String> response = send(request("/audit/total"));
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response).get("status").asInt()).isEqualTo(502);
    }

    @Test
    void aDataTierThatResetsConnectionsGives503WithRetryAfter() throws Exception {
        app.dataTier.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        HttpResponse<String> response = send(request("/kv/a"));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void workBurnsTheAskedCpuTimeAndRejectsBadAmounts() throws Exception {
        HttpResponse<String> response = send(request("/work?cpu-ms=30"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("cpuMs").asLong()).isEqualTo(30);
        // calibrated work, not a timer: about 30 ms of CPU, more when the thread is descheduled meanwhile
        assertThat(json(response).get("elapsedMs").asLong()).isGreaterThanOrEqualTo(24);
        for (String bad : new String[] {"", "?cpu-ms=-1", "?cpu-ms=abc", "?cpu-ms=10001"}) {
            assertThat(send(request("/work" + bad)).statusCode()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void blobStreamsExactlyTheAskedBytes() throws Exception {
        long n = 3 * 1024 * 1024 + 17;
        HttpResponse<InputStream> response = http.send(request("/blob?bytes=" + n).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(n);
        long count = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[65536];
            int r;
            while ((r = in.read(buffer)) > 0) {
                for (int i = 0; i < r; i++) {
                    assertThat(buffer[i]).isEqualTo((byte) ('a' + (count + i) % 26));
                }
                count += r;
            }
        }
        assertThat(count).isEqualTo(n);
        assertThat(send(request("/blob?bytes=" + ((1L << 30) + 1))).statusCode()).isEqualTo(400);
        assertThat(send(request("/blob?bytes=-3")).statusCode()).isEqualTo(400);
    }

    @Test
    void aBodyOverOneMebibyteIs413() throws Exception {
        byte[] big = new byte[1024 * 1024 + 1];
        HttpResponse<String> response = send(request("/kv/big").PUT(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThat(response.body()).contains("\"error\"").contains("request body too large");
        app.dataTier.verify(0, putRequestedFor(urlEqualTo("/kv/big")));
    }

    @Test
    void aHeadOverEightKibibytesIs431() throws Exception {
        try (RawHttp raw = new RawHttp(app.server.port())) {
            raw.send("GET /whoami HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(431);
        }
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        assertThat(send(request("/nope")).statusCode()).isEqualTo(404);
        assertThat(json(send(request("/nope"))).get("status").asInt()).isEqualTo(404);
        HttpResponse<String> wrongMethod = send(request("/whoami").DELETE());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void anEmptyValueKeepsItsContentType() throws Exception {
        app.dataTier.stubFor(get("/kv/empty").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream").withHeader("ETag", "\"3\"")));
        HttpResponse<String> got = send(request("/kv/empty"));
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEmpty();
        assertThat(got.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(got.headers().firstValue("ETag")).contains("\"3\"");
    }

    @Test
    void aMalformedRequestIs400AndTheServerLivesOn() throws Exception {
        try (RawHttp raw = new RawHttp(app.server.port())) {
            raw.send("THIS IS NOT HTTP\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).doesNotContain("Exception");
        }
        assertThat(send(request("/whoami")).statusCode()).isEqualTo(200);
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnectionAndPipelinedOnesInOrder() throws Exception {
        app.dataTier.stubFor(get("/kv/slow").willReturn(aResponse().withStatus(200).withBody("slow").withFixedDelay(100)));
        try (RawHttp raw = new RawHttp(app.server.port())) {
            raw.send("GET /kv/slow HTTP/1.1\r\nHost: x\r\n\r\nGET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.read().body()).isEqualTo("slow");
            assertThat(raw.read().body()).contains("app-test");
            raw.send("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(200);
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (RawHttp raw = new RawHttp(app.server.port())) {
            raw.send("GET /whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.hasHeader("connection", "close")).isTrue();
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void chunkedRequestBodiesAreAccepted() throws Exception {
        app.dataTier.stubFor(put("/kv/c").willReturn(okJson("{\"key\":\"c\",\"version\":1}")));
        try (RawHttp raw = new RawHttp(app.server.port())) {
            raw.send("PUT /kv/c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(200);
        }
        app.dataTier.verify(putRequestedFor(urlEqualTo("/kv/c")).withRequestBody(equalTo("abcde")));
    }

    @Test
    void manyConcurrentClientsAreAllServed() throws Exception {
        app.dataTier.stubFor(get("/kv/k").willReturn(aResponse().withStatus(200).withBody("v").withFixedDelay(20)));
        CompletableFuture<?>[] calls = new CompletableFuture<?>[model() == ServerModel.SINGLE_THREADED ? 4 : 40];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = http.sendAsync(request("/kv/k").build(), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(r -> assertThat(r.body()).isEqualTo("v"));
        }
        CompletableFuture.allOf(calls).get();
        app.dataTier.verify(calls.length, getRequestedFor(urlEqualTo("/kv/k")));
    }

    @Test
    void closingDrainsRequestsInFlightClosesIdleConnectionsAndStopsAccepting() throws Exception {
        DataTierPolicy patient = new DataTierPolicy(Duration.ofSeconds(5), 1, Duration.ofMillis(10), Duration.ofSeconds(30), 20, 64);
        try (RunningApp other = RunningApp.start(model(), patient, ServerSettings.loopback().withDrainTimeout(Duration.ofSeconds(5)))) {
            other.dataTier.stubFor(get("/kv/slow").willReturn(aResponse().withStatus(200).withBody("done").withFixedDelay(300)));
            RawHttp idle = null;
            if (model() != ServerModel.SINGLE_THREADED) {
                // (the single thread cannot hold an idle connection and serve another at once)
                idle = new RawHttp(other.server.port());
                idle.send("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(idle.read().status()).isEqualTo(200);
            }
            try (RawHttp busy = new RawHttp(other.server.port())) {
                busy.send("GET /kv/slow HTTP/1.1\r\nHost: x\r\n\r\n");
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(
                        () -> other.dataTier.countRequestsMatching(getRequestedFor(urlEqualTo("/kv/slow")).build()).getCount() == 1);

                // Its own thread, not the common pool: the JDK HttpClient completes its futures there,
                // and a blocked common pool (one worker on a 2-CPU box) would stall the data-tier call.
                CompletableFuture<Void> closing = CompletableFuture.runAsync(other.server::close, r -> new Thread(r, "closer").start());

                RawHttp.Response response = busy.read();
                assertThat(response.body()).isEqualTo("done");
                assertThat(response.hasHeader("connection", "close")).isTrue();
                assertThat(busy.closedByServer()).isTrue();
                if (idle != null) {
                    assertThat(idle.closedByServer()).isTrue();
                    idle.close();
                }
                closing.get();
            }
            assertThat(other.server.openConnections()).isZero();
            try (java.net.Socket s = new java.net.Socket()) {
                org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                        () -> s.connect(new java.net.InetSocketAddress("127.0.0.1", other.server.port()), 1000));
            }
        }
    }

    @Test
    void headRequestsGetTheHeadOnly() throws Exception {
        try (RawHttp raw = new RawHttp(app.server.port())) {
            raw.send("HEAD /blob?bytes=10 HTTP/1.1\r\nHost: x\r\n\r\nGET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
            String head = raw.readHeadOnly();
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: 10");
            RawHttp.Response next = raw.read();
            assertThat(next.body()).contains("app-test");
        }
    }

    // ---- TCP handoff (issue 4): a test switch hands connections over the app's handoff socket ----
    @Test
    void answersAHandedOffClientThatHalfClosedBeforeTheHandoff() throws Exception {
        // The test switch reads the head first, as the real one does for bytes that arrive with the FIN.
        for (boolean readHeadFirst : new boolean[] {true}) {
            try (HandoffSwitch sw = handoffSwitch(readHeadFirst); java.net.Socket s = new java.net.Socket("127.0.0.1", sw.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.shutdownOutput();
                String reply = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(reply).as("read head first: " + readHeadFirst).startsWith("HTTP/1.1 200").contains("\"id\":\"app-test\"");
            }
        }
    }


    private HandoffSwitch handoffSwitch(boolean readHeadFirst) throws InterruptedException {
        assumeThat(handoff).as("handoff needs epoll").isNotNull();
        return readHeadFirst ? HandoffSwitch.afterRequestHead(handoff.socketPath()) : HandoffSwitch.atOnce(handoff.socketPath());
    }

    @Test
    void aHandedOffConnectionIsServedWithTheRealClientAddressAndKeptAlive() throws Exception {
        try (HandoffSwitch sw = handoffSwitch(false); RawHttp raw = new RawHttp(sw.port())) {
            for (int i = 0; i < 3; i++) {
                raw.send("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response response = raw.read();
                assertThat(response.status()).isEqualTo(200);
                JsonNode body = Json.MAPPER.readTree(response.body());
                assertThat(body.get("client").asText()).isEqualTo(raw.clientAddress());
                assertThat(body.get("port").asInt()).isEqualTo(app.server.port());
            }
            assertThat(sw.failures()).isZero();
        }
    }

    @Test
    void thePrefixTheSwitchReadIsServedFirstThenTheSocketContinuesIt() throws Exception {
        try (HandoffSwitch sw = handoffSwitch(true); RawHttp raw = new RawHttp(sw.port())) {
            long before = handoff.received();
            // The switch reads the whole first request and the start of the second before it hands off;
            // the second is completed from the socket itself, and a third follows on the kept-alive socket.
            raw.send("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\nGET /blob?byt");
            RawHttp.Response first = raw.read();
            assertThat(first.status()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(first.body()).get("client").asText()).isEqualTo(raw.clientAddress());
            raw.send("es=5 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response second = raw.read();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).hasSize(5);
            raw.send("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(200);
            assertThat(handoff.received()).isEqualTo(before + 1);
        }
    }

    @Test
    void aProxyHeaderOnAHandedOffConnectionIsTheClientsOwnBytesNotItsAddress() throws Exception {
        try (HandoffSwitch sw = handoffSwitch(false); RawHttp raw = new RawHttp(sw.port())) {
            raw.send("PROXY TCP4 198.51.100.9 10.0.0.1 40000 80\r\nGET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).doesNotContain("\"client\"");
        }
    }

    @Test
    void leaksNoDescriptorOverTwoThousandHandoffsIncludingVanishingClients() throws Exception {
        try (HandoffSwitch sw = handoffSwitch(false)) {
            for (int i = 0; i < 4; i++) {
                handedOffExchange(sw.port()); // warms up the switch's handoff sessions, one per switch loop
            }
            long baseline = openDescriptors();
            int openBefore = app.server.openConnections();
            long receivedBefore = handoff.received();
            for (int i = 0; i < 2000; i++) {
                switch (i % 4) {
                    case 0 -> new RawHttp(sw.port()).close(); // gone before it says anything
                    case 1 -> new RawHttp(sw.port()).send("GET /whoami HTTP/1.1\r\nHo").reset(); // gone mid-request
                    default -> handedOffExchange(sw.port());
                }
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(app.server.openConnections()).isLessThanOrEqualTo(openBefore);
                assertThat(openDescriptors()).isLessThanOrEqualTo(baseline + 2);
            });
            assertThat(handoff.received() - receivedBefore).isGreaterThanOrEqualTo(1500);
        }
    }

    @Test
    void theLoadReportFollowsTheOpenConnections() throws Exception {
        try (HandoffSwitch sw = handoffSwitch(false)) {
            handedOffExchange(sw.port());
            java.util.List<RawHttp> held = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    // A request begun and not finished: every model holds the connection open, busy.
                    held.add(new RawHttp(sw.port()).send("GET /whoami HTTP/1.1\r\n"));
                }
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(app.server.openConnections()).isGreaterThanOrEqualTo(3);
                    assertThat(sw.client().reportedActive()).isEqualTo(app.server.openConnections());
                });
            } finally {
                for (RawHttp h : held) {
                    h.close();
                }
            }
            int whileHeld = sw.client().reportedActive();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(sw.client().reportedActive()).isLessThanOrEqualTo(whileHeld - 3);
                assertThat(sw.client().reportedActive()).isEqualTo(app.server.openConnections());
            });
        }
    }

    private static void handedOffExchange(int switchPort) throws IOException {
        try (RawHttp raw = new RawHttp(switchPort)) {
            raw.send("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(200);
        }
    }

    static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    static String ascii(ByteBuffer b) {
        return StandardCharsets.US_ASCII.decode(b).toString();
    }
}
