package dev.baton.app.data;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.codahale.metrics.MetricRegistry;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.baton.common.testing.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One breaker and bulkhead per data-tier instance: a sick instance is ejected alone (issue 5). */
class DataTierInstancesTest {
    private static final Duration OPEN = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock();
    private final AtomicReference<List<URI>> members = new AtomicReference<>(List.of());
    private WireMockServer sick;
    private WireMockServer healthy;
    private DataTierClient client;

    @BeforeEach
    void start() {
        sick = new WireMockServer(options().dynamicPort());
        healthy = new WireMockServer(options().dynamicPort());
        sick.start();
        healthy.start();
        healthy.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
        healthy.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
        members.set(List.of(uri(sick), uri(healthy)));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        sick.stop();
        healthy.stop();
    }

    private static URI uri(WireMockServer server) {
        return URI.create(server.baseUrl());
    }

    /** A client over {@link #members}, which a test may change as ZooKeeper would. */
    private DataTierClient client(Duration timeout, int attempts, int window) {
        DataTierEndpoints endpoints = new DataTierEndpoints() {
            @Override
            public List<URI> current() {
                return members.get();
            }

            @Override
            public void close() {}
        };
        client = DataTierClient.create(endpoints, new DataTierPolicy(timeout, attempts, Duration.ofMillis(5), OPEN, window, 64, 32), clock);
        return client;
    }

    private InstanceGuard guard(WireMockServer server) {
        return client.instances().current().stream().filter(g -> g.uri().equals(uri(server))).findFirst().orElseThrow();
    }

    private static int requestsTo(WireMockServer server) {
        return server.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount();
    }

    private static DataTierUnavailableException unavailable(CompletableFuture<?> call) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(DataTierUnavailableException.class);
        return (DataTierUnavailableException) e.getCause();
    }

    /** Sends idempotent reads until the sick instance's breaker opens; every one must still succeed. */
    private void ejectTheSickOne() throws Exception {
        for (int i = 0; i < 20 && !guard(sick).open(); i++) {
            assertThat(client.send(DataRequest.get("/kv/a")).get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        assertThat(guard(sick).breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    static Stream<Arguments> sicknesses() {
        return Stream.of(
                Arguments.of("500s", aResponse().withStatus(500)),
                Arguments.of("resets", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
                Arguments.of("delays beyond the time limit", aResponse().withStatus(200).withFixedDelay(3_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sicknesses")
    void aSickInstanceIsEjectedAloneWhileTheHealthyOneServesEveryCall(String name, ResponseDefinitionBuilder sickness) throws Exception {
        sick.stubFor(get(anyUrl()).willReturn(sickness));
        client(Duration.ofMillis(300), 3, 4);

        ejectTheSickOne();
        int sickRequests = requestsTo(sick);
        for (int i = 0; i < 10; i++) {
            assertThat(client.send(DataRequest.get("/kv/a")).get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        }

        assertThat(requestsTo(sick)).as("calls to the ejected instance").isEqualTo(sickRequests);
        assertThat(guard(healthy).breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(client.breakerClosed()).isTrue();
    }

    @Test
    void aRetryGoesToAnotherInstance() throws Exception {
        sick.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500)));
        client(Duration.ofSeconds(1), 2, 20);

        for (int i = 0; i < 6; i++) {
            assertThat(client.send(DataRequest.get("/kv/a")).get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        }

        // Round robin starts half the calls on the sick instance; each of those is retried once, elsewhere.
        assertThat(requestsTo(sick)).isEqualTo(3);
        assertThat(requestsTo(healthy)).isEqualTo(6);
    }

    @Test
    void aNonIdempotentCallRefusedByOneInstanceIsSentToAnother() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        members.set(List.of(URI.create("http://127.0.0.1:" + closedPort), uri(healthy)));
        client(Duration.ofSeconds(1), 2, 20);

        for (int i = 0; i < 4; i++) {
            assertThat(client.send(DataRequest.json("POST", "/accounts", "{}".getBytes(), false)).get(5, TimeUnit.SECONDS).status())
                    .isEqualTo(200);
        }

        healthy.verify(4, postRequestedFor(urlEqualTo("/accounts")));
    }

    @Test
    void withEveryInstanceEjectedCallsFailAtOnceWithTheSoonestReclose() throws Exception {
        sick.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500)));
        client(Duration.ofMillis(500), 1, 2);
        for (int i = 0; i < 4 && !guard(sick).open(); i++) {
            client.send(DataRequest.get("/kv/a")).exceptionally(e -> null).get(5, TimeUnit.SECONDS);
        }
        assertThat(guard(sick).open()).isTrue();
        clock.advance(Duration.ofSeconds(3));
        healthy.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
        List<CompletableFuture<DataResponse>> slow = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            slow.add(client.send(DataRequest.get("/kv/a")));
        }
        slow.forEach(call -> unavailable(call));
        assertThat(guard(healthy).open()).isTrue();
        int before = requestsTo(sick) + requestsTo(healthy);

        long start = System.nanoTime();
        DataTierUnavailableException refused = unavailable(client.send(DataRequest.get("/kv/a")));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
        assertThat(refused.getMessage()).contains("circuit breaker open on every instance");
        assertThat(refused.retryAfterSeconds()).as("the sick one re-closes first, 7 s from now").isEqualTo(7);
        assertThat(requestsTo(sick) + requestsTo(healthy)).isEqualTo(before);
        assertThat(client.breakerClosed()).isFalse();
    }

    @Test
    void anEjectedInstanceReturnsAfterItsOpenPeriodOnceItHasHealed() throws Exception {
        sick.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500)));
        client(Duration.ofSeconds(1), 3, 4);
        ejectTheSickOne();
        sick.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("healed")));
        int sickRequests = requestsTo(sick);

        clock.advance(OPEN.minusSeconds(1));
        for (int i = 0; i < 4; i++) {
            client.send(DataRequest.get("/kv/a")).get(5, TimeUnit.SECONDS);
        }
        assertThat(requestsTo(sick)).as("still ejected before the open period ends").isEqualTo(sickRequests);

        clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 6; i++) {
            assertThat(client.send(DataRequest.get("/kv/a")).get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        assertThat(requestsTo(sick)).isGreaterThan(sickRequests);
        assertThat(guard(sick).breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void anInstanceLeavingTheMembershipDropsItsGuardAndGauges() throws Exception {
        client(Duration.ofSeconds(1), 3, 4);
        MetricRegistry registry = new MetricRegistry();
        DataTierMetrics.register(registry, client);
        client.send(DataRequest.get("/kv/a")).get(5, TimeUnit.SECONDS);
        InstanceGuard leaving = guard(sick);
        assertThat(registry.getGauges()).containsKey(DataTierMetrics.name(leaving) + ".breaker.state");

        members.set(List.of(uri(healthy)));
        for (int i = 0; i < 4; i++) {
            client.send(DataRequest.get("/kv/a")).get(5, TimeUnit.SECONDS);
        }

        assertThat(client.instances().current()).extracting(InstanceGuard::uri).containsExactly(uri(healthy));
        assertThat(registry.getGauges().keySet()).noneMatch(n -> n.startsWith(DataTierMetrics.name(leaving) + "."));
        assertThat(registry.getGauges()).containsKey(DataTierMetrics.name(guard(healthy)) + ".breaker.state");
        assertThat(registry.getGauges().get("data-tier.instances").getValue()).isEqualTo(1);

        members.set(List.of(uri(sick), uri(healthy)));
        assertThat(guard(sick)).as("a returning instance starts with a fresh guard").isNotSameAs(leaving);
    }

    @Test
    void aFullInstanceIsSkippedForOneWithRoom() throws Exception {
        sick.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("slow").withFixedDelay(1_000)));
        client = DataTierClient.create(new DataTierEndpoints() {
            @Override
            public List<URI> current() {
                return members.get();
            }

            @Override
            public void close() {}
        }, new DataTierPolicy(Duration.ofSeconds(3), 1, Duration.ofMillis(5), OPEN, 20, 64, 1), clock);
        CompletableFuture<DataResponse> holding = client.send(DataRequest.get("/kv/a"));
        assertThat(guard(sick).bulkhead().getMetrics().getAvailableConcurrentCalls()).isZero();

        for (int i = 0; i < 4; i++) {
            assertThat(new String(client.send(DataRequest.get("/kv/a")).get(2, TimeUnit.SECONDS).body())).isEqualTo("ok");
        }
        assertThat(new String(holding.get(5, TimeUnit.SECONDS).body())).isEqualTo("slow");
    }
}
