package dev.baton.app.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.epoll.Epoll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handed-off sockets keep virtual threads unpinned (issue 5): JFR's {@code jdk.VirtualThreadPinned}
 * events, at threshold zero, during a handed-off load whose requests block on socket reads, on writes
 * and on a (delayed) data-tier call. A deliberate pin first proves the recording would see one.
 */
class VirtualThreadsHandoffPinningTest {
    private static final String PINNED = "jdk.VirtualThreadPinned";

    @TempDir
    Path dir;

    @Test
    void handedOffConnectionsNeverPinTheirVirtualThreads() throws Exception {
        assumeThat(Epoll.isAvailable()).as("handoff needs epoll").isTrue();
        List<RecordedEvent> pinned = new CopyOnWriteArrayList<>();
        try (RunningApp app = RunningApp.start(ServerModel.VIRTUAL_THREADS);
             RecordingStream recording = new RecordingStream()) {
            app.dataTier.stubFor(get("/kv/k").willReturn(aResponse().withStatus(200).withBody("v").withFixedDelay(5)));
            app.receiveHandoffs(dir.resolve("app/handoff.sock"));
            // The JDK's socket poller pins a virtual thread that waits for the poller's one-time class
            // initialization; run one handed-off exchange first so the recording sees steady state only.
            try (HandoffSwitch warmUp = HandoffSwitch.afterRequestHead(app.handoffSocket())) {
                runLoad(warmUp.port(), 1, 1, 2);
            }
            recording.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
            recording.onEvent(PINNED, pinned::add);
            recording.startAsync();

            Thread.ofVirtual().start(DeliberatePin::touch).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> pinned.size() == 1);

            try (HandoffSwitch sw = HandoffSwitch.afterRequestHead(app.handoffSocket())) {
                runLoad(sw.port(), 16, 25, 4);
                assertThat(sw.failures()).isZero();
            }
            recording.stop(); // delivers every event recorded so far
        }
        assertThat(pinned).as("pinned virtual threads besides the deliberate one").hasSize(1);
        assertThat(pinned.get(0).getString("pinnedReason")).contains("DeliberatePin");
    }

    /** {@code clients} threads each open {@code connections} handed-off connections of {@code requests} requests. */
    private static void runLoad(int port, int clients, int connections, int requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    for (int n = 0; n < connections; n++) {
                        try (RawHttp raw = new RawHttp(port)) {
                            for (int r = 0; r < requests; r++) {
                                raw.send(r % 2 == 0 ? "GET /kv/k HTTP/1.1\r\nHost: x\r\n\r\n" : "GET /blob?bytes=100000 HTTP/1.1\r\nHost: x\r\n\r\n");
                                assertThat(raw.read().status()).isEqualTo(200);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Parks in its class initializer, which pins the virtual thread that runs it (JDK 24+ still pins there). */
    private static final class DeliberatePin {
        static {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }

        static void touch() {
            // initializes the class
        }
    }
}
