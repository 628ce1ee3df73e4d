package dev.baton.app.data;

import dev.baton.common.testing.MutableClock;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataTierClientTest {
    private final MutableClock clock = new MutableClock();
    private WireMockServer wiremock;
    private DataTierClient client;

    @BeforeEach
    void start() {
        wiremock = new WireMockServer(options().dynamicPort());
        wiremock.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        wiremock.stop();
    }

    private DataTierClient client(DataTierPolicy policy) {
        client = DataTierClient.create(DataTierEndpoints.of(List.of(URI.create(wiremock.baseUrl()))), policy, clock);
        return client;
    }

    private static CircuitBreaker onlyBreaker(DataTierClient c) {
        return c.instances().current().getFirst().breaker();
    }

    private static DataTierPolicy policy(Duration timeout, int attempts, int window, int maxConcurrent) {
        return new DataTierPolicy(timeout, attempts, Duration.ofMillis(5), Duration.ofSeconds(10), window, maxConcurrent);
    }

    private static DataTierUnavailableException unavailable(CompletableFuture<?> call) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(DataTierUnavailableException.class);
        return (DataTierUnavailableException) e.getCause();
    }

    @Test
    void retriesAnIdempotentCallAfterA500() throws Exception {
        wiremock.stubFor(get("/kv/a").inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("ok"));
        wiremock.stubFor(get("/kv/a").inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"4\"").withBody("v")));

        DataResponse answer = client(policy(Duration.ofSeconds(1), 3, 20, 10)).send(DataRequest.get("/kv/a")).get(5, TimeUnit.SECONDS);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body())).isEqualTo("v");
        assertThat(answer.etag()).contains("\"4\"");
        wiremock.verify(2, getRequestedFor(urlEqualTo("/kv/a")));
    }

    @Test
    void retriesAfterAConnectionReset() throws Exception {
        wiremock.stubFor(get("/kv/a").inScenario("reset").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        wiremock.stubFor(get("/kv/a").inScenario("reset").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(200).withBody("v")));

        assertThat(client(policy(Duration.ofSeconds(1), 3, 20, 10)).send(DataRequest.get("/kv/a")).get(5, TimeUnit.SECONDS).status())
                .isEqualTo(200);
    }

    @Test
    void doesNotRepeatANonIdempotentCallWhoseOutcomeIsUnknown() {
        wiremock.stubFor(post("/accounts").willReturn(aResponse().withStatus(500)));

        DataTierUnavailableException e = unavailable(client(policy(Duration.ofSeconds(1), 3, 20, 10))
                .send(DataRequest.json("POST", "/accounts", "{\"balance\":1}".getBytes(), false)));

        assertThat(e.retryAfterSeconds()).isGreaterThanOrEqualTo(1);
        wiremock.verify(1, postRequestedFor(urlEqualTo("/accounts")));
    }

    @Test
    void retriesATransferThroughItsIdempotencyKey() throws Exception {
        wiremock.stubFor(post("/transfers").inScenario("t").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        wiremock.stubFor(post("/transfers").inScenario("t").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"status\":\"applied\"}").withHeader("Idempotent-Replay", "true")));

        DataResponse answer = client(policy(Duration.ofSeconds(1), 3, 20, 10))
                .send(DataRequest.json("POST", "/transfers", "{\"idempotencyKey\":\"k\"}".getBytes(), true)).get(5, TimeUnit.SECONDS);

        assertThat(answer.idempotentReplay()).isTrue();
        wiremock.verify(2, postRequestedFor(urlEqualTo("/transfers")));
    }

    @Test
    void passesFourHundredsThroughWithoutRetrying() throws Exception {
        wiremock.stubFor(get("/kv/x").willReturn(aResponse().withStatus(404).withBody("{\"error\":\"no such key\",\"status\":404}")));

        DataResponse answer = client(policy(Duration.ofSeconds(1), 3, 20, 10)).send(DataRequest.get("/kv/x")).get(5, TimeUnit.SECONDS);

        assertThat(answer.status()).isEqualTo(404);
        wiremock.verify(1, getRequestedFor(urlEqualTo("/kv/x")));
    }

    @Test
    void aSlowDataTierIsCutOffByTheTimeLimit() {
        wiremock.stubFor(get("/kv/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
        long start = System.nanoTime();

        unavailable(client(policy(Duration.ofMillis(200), 1, 20, 10)).send(DataRequest.get("/kv/slow")));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_000));
    }

    @Test
    void aRefusedConnectionFailsFastAndIsRetriedEvenForNonIdempotentCalls() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        client = DataTierClient.create(DataTierEndpoints.of(List.of(URI.create("http://127.0.0.1:" + closedPort))),
                policy(Duration.ofSeconds(1), 3, 20, 10), clock);
        long start = System.nanoTime();

        DataTierUnavailableException refused = unavailable(client.send(DataRequest.json("POST", "/accounts", "{}".getBytes(), false)));

        assertThat(refused.getMessage()).isEqualTo("data tier unavailable: connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_000));
        assertThat(onlyBreaker(client).getMetrics().getNumberOfFailedCalls()).isEqualTo(3);
    }

    @Test
    void noRegisteredDataTierIsUnavailableAtOnce() {
        client = DataTierClient.create(DataTierEndpoints.of(List.of()), policy(Duration.ofSeconds(1), 3, 20, 10), clock);
        assertThat(unavailable(client.send(DataRequest.get("/kv/a"))).getMessage()).contains("no data-tier instance");
    }

    @Test
    void theBreakerOpensFailsFastWithoutCallingAndClosesAgainWhenTheDataTierRecovers() throws Exception {
        wiremock.stubFor(get("/kv/a").willReturn(aResponse().withStatus(500)));
        DataTierClient c = client(policy(Duration.ofSeconds(1), 1, 4, 10));
        for (int i = 0; i < 4; i++) {
            unavailable(c.send(DataRequest.get("/kv/a")));
        }
        assertThat(onlyBreaker(c).getState()).isEqualTo(CircuitBreaker.State.OPEN);

        DataTierUnavailableException open = unavailable(c.send(DataRequest.get("/kv/a")));
        assertThat(open.getMessage()).contains("circuit breaker open");
        assertThat(open.retryAfterSeconds()).isEqualTo(10);
        wiremock.verify(4, getRequestedFor(urlEqualTo("/kv/a")));

        wiremock.stubFor(get("/kv/a").willReturn(aResponse().withStatus(200).withBody("back")));
        clock.advance(Duration.ofSeconds(11));
        assertThat(c.send(DataRequest.get("/kv/a")).get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(c.send(DataRequest.get("/kv/a")).get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(onlyBreaker(c).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void healthIsUpAgainOnceTheBreakersWaitIsOverWithoutTrafficToCloseIt() throws Exception {
        wiremock.stubFor(get("/kv/a").willReturn(aResponse().withStatus(500)));
        wiremock.stubFor(get("/health").willReturn(okJson("{\"status\":\"UP\"}")));
        DataTierClient c = client(policy(Duration.ofSeconds(1), 1, 4, 10));
        for (int i = 0; i < 4; i++) {
            unavailable(c.send(DataRequest.get("/kv/a")));
        }
        assertThat(onlyBreaker(c).getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(c.probe().get(5, TimeUnit.SECONDS)).as("open and waiting").isFalse();
        clock.advance(Duration.ofSeconds(11)); // no call comes to make the trial
        assertThat(c.probe().get(5, TimeUnit.SECONDS)).as("the wait is over and the data tier answers").isTrue();
    }

    @Test
    void theBulkheadRefusesCallsBeyondItsSizeAtOnceInsteadOfQueueing() {
        wiremock.stubFor(get("/kv/slow").willReturn(aResponse().withStatus(200).withFixedDelay(1_000)));
        DataTierClient c = client(policy(Duration.ofSeconds(3), 1, 20, 2));
        CompletableFuture<DataResponse> first = c.send(DataRequest.get("/kv/slow"));
        CompletableFuture<DataResponse> second = c.send(DataRequest.get("/kv/slow"));
        long start = System.nanoTime();

        DataTierUnavailableException refused = unavailable(c.send(DataRequest.get("/kv/slow")));

        assertThat(refused.getMessage()).contains("busy");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(first.join().status()).isEqualTo(200);
        assertThat(second.join().status()).isEqualTo(200);
    }

    @Test
    void healthFollowsTheDataTiersHealthEndpoint() {
        wiremock.stubFor(get("/health").willReturn(okJson("{\"status\":\"UP\"}")));
        try (DataTierHealth health = DataTierHealth.start(client(policy(Duration.ofMillis(500), 1, 20, 10)), Duration.ofMillis(50))) {
            await().atMost(Duration.ofSeconds(5)).until(health::up);
            wiremock.stubFor(get("/health").willReturn(aResponse().withStatus(503)));
            await().atMost(Duration.ofSeconds(5)).until(() -> !health.up());
        }
    }

    @Test
    void policyRejectsNonsense() {
        assertThatThrownBy(() -> new DataTierPolicy(Duration.ZERO, 1, Duration.ZERO, Duration.ofSeconds(1), 1, 1))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> new DataTierPolicy(Duration.ofSeconds(1), 0, Duration.ZERO, Duration.ofSeconds(1), 1, 1))
                .hasMessageContaining("maxAttempts: 0");
    }
}
