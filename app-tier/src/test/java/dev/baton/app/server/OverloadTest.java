package dev.baton.app.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.app.data.DataTierPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A data tier that answers nothing within the time limit, under many more concurrent connections than
 * the thread-per-connection pool has workers (issue 5): every client gets 503 with Retry-After soon,
 * the server's platform threads stay bounded, and it serves again once the data tier is back, without
 * a restart.
 */
class OverloadTest {
    private static final int CLIENTS = 200;
    private static final int WORKERS = 32;
    /** WireMock's own Jetty pool (RunningApp sets it): threads of the fake data tier, not of the app. */
    private static final int WIREMOCK_THREADS = 32;
    private static final Duration TIME_LIMIT = Duration.ofMillis(300);
    /** Far below CLIENTS x TIME_LIMIT x attempts (120 s): nobody waits out a queue of timeouts. */
    private static final Duration ALL_ANSWERED_WITHIN = Duration.ofSeconds(15);

    @ParameterizedTest
    @EnumSource(value = ServerModel.class, names = {"THREAD_PER_CONNECTION", "EVENT_LOOP"})
    void aDeadDataTierGets503WithRetryAfterQuicklyWithoutPilingUpThreadsAndTheServerRecovers(ServerModel model) throws Exception {
        DataTierPolicy policy = new DataTierPolicy(TIME_LIMIT, 2, Duration.ofMillis(10), Duration.ofSeconds(1), 20, 64);
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30),
                Duration.ofSeconds(2), 2, WORKERS);
        try (RunningApp app = RunningApp.start(model, policy, settings);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            app.dataTier.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int before = threads.getThreadCount();
            // Virtual client threads are not counted by the MXBean, so what grows is the server's.
            ThreadPeak peak = ThreadPeak.watch(threads);

            long start = System.nanoTime();
            List<CompletableFuture<RawHttp.Response>> answers = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < CLIENTS; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> getOnItsOwnConnection(app, go), clients));
            }
            go.countDown();
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(ALL_ANSWERED_WITHIN.toSeconds(), TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            int highest = peak.stop();

            for (CompletableFuture<RawHttp.Response> answer : answers) {
                RawHttp.Response response = answer.join();
                assertThat(response.status()).as(response.head()).isEqualTo(503);
                assertThat(response.head().toLowerCase()).contains("retry-after: ");
            }
            assertThat(took).isLessThan(ALL_ANSWERED_WITHIN);
            assertThat(highest - before).as("threads added while %d clients waited (%d before): %s", CLIENTS, before, peak.namesAtPeak())
                    .isLessThanOrEqualTo(WORKERS + WIREMOCK_THREADS + 16);

            app.dataTier.resetAll();
            app.dataTier.stubFor(get("/kv/x").willReturn(aResponse().withStatus(200).withBody("back")));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(getOnItsOwnConnection(app, new CountDownLatch(0)).status()).isEqualTo(200));
        }
    }

    private static RawHttp.Response getOnItsOwnConnection(RunningApp app, CountDownLatch go) {
        try (RawHttp raw = new RawHttp(app.server.port())) {
            go.await();
            raw.send("GET /kv/x HTTP/1.1\r\nHost: x\r\n\r\n");
            return raw.read();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Samples the live platform-thread count every few milliseconds and keeps the highest. */
    private static final class ThreadPeak {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger highest = new AtomicInteger();
        private volatile String namesAtPeak = "";
        private final Thread sampler;

        private ThreadPeak(ThreadMXBean threads) {
            sampler = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    int now = threads.getThreadCount();
                    if (now > highest.get()) {
                        highest.set(now);
                        namesAtPeak = names();
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            });
        }

        /** Live threads by name, digits dropped, so a failure says whose threads grew. */
        private static String names() {
            return Thread.getAllStackTraces().keySet().stream()
                    .map(t -> t.getName().replaceAll("[0-9]+", "#"))
                    .collect(java.util.stream.Collectors.groupingBy(n -> n, java.util.TreeMap::new, java.util.stream.Collectors.counting()))
                    .toString();
        }

        String namesAtPeak() {
            return namesAtPeak;
        }

        static ThreadPeak watch(ThreadMXBean threads) {
            return new ThreadPeak(threads);
        }

        int stop() throws InterruptedException {
            running.set(false);
            sampler.join();
            return highest.get();
        }
    }
}
