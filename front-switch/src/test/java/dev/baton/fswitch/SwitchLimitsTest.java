package dev.baton.fswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Global maxconn, the per-source connection rate, connect and idle timeouts, over real sockets. */
class SwitchLimitsTest extends SwitchTestBase {

    @Test
    void refusesConnectionsBeyondTheGlobalMaxconnAndCountsThem() throws Exception {
        backend("mx-a");
        startSwitch(Map.of("health.check", "none", "limits.max-connections", "2"));
        awaitBackends(1);
        try (Socket one = connect(); Socket two = connect()) {
            assertThat(say(one, "1")).endsWith(" 1");
            assertThat(say(two, "2")).endsWith(" 2");
            try (Socket three = connect()) {
                assertClosed(three);
            }
            assertThat(meter("connections.refused")).isEqualTo(1);
            one.close();
            await().untilAsserted(() -> assertThat(fs.metrics().activeConnections()).isEqualTo(1));
            assertThat(ask("4")).endsWith(" 4");
            assertThat(say(two, "2 again")).endsWith(" 2 again");
        }
    }

    @Test
    void cutsABurstFromOneAddressWhileAnotherAddressIsStillServed() throws Exception {
        backend("rl-a");
        startSwitch(Map.of("health.check", "none", "limits.source-rate-per-second", "5"));
        awaitBackends(1);
        long idle = openDescriptors();
        int served = 0;
        int cut = 0;
        for (int i = 0; i < 20; i++) {
            String answer;
            try {
                answer = askFrom("127.0.0.1", "b" + i);
            } catch (java.io.IOException e) {
                answer = null; // reset: the switch closed before reading what was sent
            }
            if (answer != null) {
                served++;
            } else {
                cut++;
            }
        }
        // 5 a second; a burst that straddles a refresh may get 10
        assertThat(served).isBetween(5, 10);
        assertThat(cut).isGreaterThanOrEqualTo(10);
        assertThat(meter("connections.refused")).isEqualTo(cut);
        assertThat(askFrom("127.0.0.2", "other")).startsWith("rl-a ").endsWith(" other");
        // Each client's backend socket was opened on accept, before the limit refused it: closed with it.
        await().untilAsserted(() -> assertThat(openDescriptors()).isLessThanOrEqualTo(idle + 2));
    }

    @Test
    void retriesATimedOutConnectOnAnotherBackend() throws Exception {
        // A listening socket whose accept queue is full: Linux drops further SYNs, so connects to it time out,
        // all on this machine.
        ServerSocket blackhole = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        cleanup.add(blackhole);
        fillBacklog(blackhole);
        register("ct-a-blackhole", blackhole.getLocalPort(), blackhole.getLocalPort());
        backend("ct-b");
        startSwitch(Map.of("health.check", "none", "connect-timeout-ms", "300", "retries", "1"));
        awaitBackends(2);
        long start = System.nanoTime();
        assertThat(idOf(ask("t"))).isEqualTo("ct-b"); // round robin tried the blackhole first
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(meter("backend.retries")).isEqualTo(1);
        assertThat(fs.pool().find("ct-a-blackhole").orElseThrow().activeConnections()).isZero();
    }

    private void fillBacklog(ServerSocket server) throws Exception {
        for (int i = 0; i < 16; i++) {
            Socket filler = new Socket();
            cleanup.add(filler);
            try {
                filler.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 200);
            } catch (SocketTimeoutException e) {
                return;
            }
        }
        throw new IllegalStateException("the accept queue never filled: cannot make a local connect timeout");
    }

    @Test
    void idleTimeoutClosesAQuietRelayedConnection() throws Exception {
        TestBackend a = backend("it-a");
        startSwitch(Map.of("health.check", "none", "idle-timeout-ms", "300"));
        awaitBackends(1);
        try (Socket s = connect()) {
            assertThat(say(s, "before")).endsWith(" before");
            long start = System.nanoTime();
            assertClosed(s);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(4));
        }
        await().untilAsserted(() -> {
            assertThat(a.open.get()).isZero();
            assertThat(fs.metrics().activeConnections()).isZero();
        });
    }
}
