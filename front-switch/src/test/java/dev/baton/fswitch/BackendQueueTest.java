package dev.baton.fswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-backend maxconn with the bounded wait queue and its timeout, over real sockets. */
class BackendQueueTest extends SwitchTestBase {

    @Test
    void waitsForAFreeSlotThenRefusesWhenTheQueueIsFullOrTimesOut() throws Exception {
        TestBackend a = backend("q-a");
        startSwitch(Map.of("health.check", "none", "limits.backend-max-connections", "1", "limits.queue-size", "1",
                "limits.queue-timeout-ms", "3000"));
        awaitBackends(1);
        Socket first = connect();
        assertThat(say(first, "one")).startsWith("q-a ").endsWith(" one");
        try (first; Socket waiting = connect(); Socket third = connectAfter(waiting)) {
            waiting.getOutputStream().write("two\n".getBytes(StandardCharsets.UTF_8));
            await().untilAsserted(() -> assertThat(gauge("queue.depth")).isEqualTo(1));
            assertThat(a.accepted.get()).isEqualTo(1); // the queued client's bytes did not reach a backend

            // the queue holds one: the third client is closed at once
            assertClosed(third);
            assertThat(meter("queue.full")).isEqualTo(1);

            first.close(); // its slot frees: the waiting client proceeds
            assertThat(readLine(waiting)).endsWith(" two");
            assertThat(gauge("queue.depth")).isEqualTo(0);
            assertThat(fs.metrics().registry().timer("queue.wait").getCount()).isEqualTo(1);
            assertThat(a.accepted.get()).isEqualTo(2);
        }
    }

    @Test
    void closesAQueuedClientAfterTheQueueTimeout() throws Exception {
        TestBackend a = backend("qt-a");
        startSwitch(Map.of("health.check", "none", "limits.backend-max-connections", "1", "limits.queue-timeout-ms", "300"));
        awaitBackends(1);
        Socket holder = connect();
        assertThat(say(holder, "hold")).endsWith(" hold");
        try (holder; Socket late = connect()) {
            late.getOutputStream().write("late\n".getBytes(StandardCharsets.UTF_8));
            long start = System.nanoTime();
            assertClosed(late);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(4));
            assertThat(fs.metrics().queueTimeouts()).isEqualTo(1);
            assertThat(gauge("queue.depth")).isEqualTo(0);
            assertThat(a.accepted.get()).isEqualTo(1);
            assertThat(say(holder, "still")).endsWith(" still");
        }
        await().untilAsserted(() -> assertThat(fs.metrics().activeConnections()).isZero());
    }

    @Test
    void queuedClientsAreServedInTurnAcrossBackendsWithoutPassingTheLimit() throws Exception {
        TestBackend a = backend("qm-a");
        TestBackend b = backend("qm-b");
        startSwitch(Map.of("health.check", "none", "limits.backend-max-connections", "2", "limits.queue-timeout-ms", "10000",
                "io-threads", "4"));
        awaitBackends(2);
        int clients = 12;
        Socket[] s = new Socket[clients];
        try {
            for (int i = 0; i < clients; i++) {
                s[i] = connect();
                s[i].getOutputStream().write(("c" + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
            await().untilAsserted(() -> assertThat(gauge("queue.depth")).isEqualTo(clients - 4));
            for (int i = 0; i < clients; i++) {
                assertThat(a.open.get()).isLessThanOrEqualTo(2);
                assertThat(b.open.get()).isLessThanOrEqualTo(2);
                int served = findServed(s);
                assertThat(readLine(s[served])).endsWith(" c" + served);
                s[served].close();
                s[served] = null;
            }
        } finally {
            for (Socket x : s) {
                if (x != null) {
                    x.close();
                }
            }
        }
        assertThat(a.accepted.get() + b.accepted.get()).isEqualTo(clients);
        assertThat(fs.metrics().queueTimeouts()).isZero();
    }

    /** A new client once {@code earlier} is waiting in the queue. */
    private Socket connectAfter(Socket earlier) throws Exception {
        await().untilAsserted(() -> assertThat(gauge("queue.depth")).isEqualTo(1));
        return connect();
    }

    /** The index of a client whose answer has arrived. */
    private static int findServed(Socket[] s) {
        int[] found = {-1};
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            for (int i = 0; i < s.length; i++) {
                if (s[i] != null && s[i].getInputStream().available() > 0) {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    static String readLine(Socket s) throws Exception {
        StringBuilder out = new StringBuilder();
        int c;
        while ((c = s.getInputStream().read()) != -1 && c != '\n') {
            out.append((char) c);
        }
        return out.toString();
    }
}
