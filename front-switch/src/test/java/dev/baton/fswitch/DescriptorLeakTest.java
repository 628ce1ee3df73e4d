package dev.baton.fswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** After many relayed connections, refused and reset ones among them, the process holds no more descriptors. */
class DescriptorLeakTest extends SwitchTestBase {
    private static final int CONNECTIONS = 20_000;
    private static final int THREADS = 4;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"io-uring", "epoll"})
    void descriptorsReturnToTheirIdleLevelAfter20000ConnectionsIncludingRefusedAndResetOnes(String transport)
            throws Exception {
        assumeTransportWorks(transport);
        backend("fd-a");
        backend("fd-b");
        int deadPort = unusedPort();
        register("fd-c-dead", deadPort, deadPort);
        startSwitch(Map.of("health.check", "none", "health.ejection-base-ms", "20", "health.ejection-max-ms", "40",
                "io-threads", "2", "transport", transport));
        awaitBackends(3);
        for (int i = 0; i < 50; i++) {
            ask("warm");
        }
        long idle = openDescriptors();
        AtomicInteger clientResets = new AtomicInteger();
        AtomicInteger backendResets = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < CONNECTIONS / THREADS; i++) {
                        oneConnection(i, clientResets, backendResets);
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
        }
        assertThat(fs.metrics().registry().meter("connections.accepted").getCount()).isGreaterThanOrEqualTo(CONNECTIONS);
        assertThat(meter("backend.retries")).isGreaterThanOrEqualTo(2); // the dead backend refused some
        assertThat(clientResets.get()).isEqualTo(CONNECTIONS / 10);
        assertThat(backendResets.get()).isEqualTo(CONNECTIONS / 10);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(fs.metrics().activeConnections()).isZero();
            assertThat(openDescriptors()).isLessThanOrEqualTo(idle + 2);
        });
    }

    /**
     * A plain exchange; every tenth the client resets in the middle of a request (the backend waits for the rest
     * of the line), every tenth the backend resets.
     */
    private void oneConnection(int i, AtomicInteger clientResets, AtomicInteger backendResets) throws Exception {
        try (Socket s = connect()) {
            if (i % 10 == 3) {
                s.getOutputStream().write("half a li".getBytes(StandardCharsets.UTF_8));
                s.setSoLinger(true, 0);
                clientResets.incrementAndGet();
            } else if (i % 10 == 7) {
                assertThat(say(s, "x")).endsWith(" x");
                s.getOutputStream().write("reset\n".getBytes(StandardCharsets.UTF_8));
                try {
                    assertThat(s.getInputStream().read()).isEqualTo(-1);
                } catch (IOException reset) {
                    // expected: the backend's RST passed on
                }
                backendResets.incrementAndGet();
            } else {
                assertThat(say(s, "x")).endsWith(" x");
            }
        }
    }
}
