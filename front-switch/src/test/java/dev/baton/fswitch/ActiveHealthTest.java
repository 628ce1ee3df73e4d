package dev.baton.fswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.baton.fswitch.pool.Backend;
import dev.baton.fswitch.pool.BackendState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Active health checks against real TCP and HTTP endpoints, with rise and fall counts. */
class ActiveHealthTest extends SwitchTestBase {

    @Test
    void httpCheckTakesABackendDownAfterFallFailuresAndBackAfterRisePasses() throws Exception {
        TestBackend a = backend0("hh-a");
        AtomicInteger status = new AtomicInteger(200);
        AtomicInteger failuresServed = new AtomicInteger();
        AtomicInteger passesServed = new AtomicInteger();
        HttpServer health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        health.createContext("/health", ex -> {
            int code = status.get();
            (code == 200 ? passesServed : failuresServed).incrementAndGet();
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        health.start();
        cleanup.add(() -> health.stop(0));
        register("hh-a", a.port(), health.getAddress().getPort());
        startSwitch(Map.of("health.check", "http", "health.interval-ms", "100", "health.rise", "2",
                "health.fall", "3"));
        awaitBackends(1);
        Backend b = fs.pool().find("hh-a").orElseThrow();
        await().until(() -> passesServed.get() >= 2);
        assertThat(b.state()).isEqualTo(BackendState.UP);

        status.set(503);
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5))
                .until(() -> b.state() == BackendState.DOWN);
        assertThat(failuresServed.get()).isGreaterThanOrEqualTo(3);

        passesServed.set(0);
        status.set(200);
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5))
                .until(() -> b.state() == BackendState.UP);
        assertThat(passesServed.get()).isGreaterThanOrEqualTo(2);
        assertThat(idOf(ask("up"))).isEqualTo("hh-a");
    }

    @Test
    void tcpCheckTakesAClosedBackendDownAndBringsItBackWhenItListensAgain() throws Exception {
        backend("ht-a");
        TestBackend gone = backend("ht-b");
        int port = gone.port();
        startSwitch(Map.of("health.check", "tcp", "health.interval-ms", "100", "health.rise", "2",
                "health.fall", "3"));
        awaitBackends(2);
        Backend b = fs.pool().find("ht-b").orElseThrow();
        gone.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.state() == BackendState.DOWN);
        for (int i = 0; i < 4; i++) {
            assertThat(idOf(ask("d"))).isEqualTo("ht-a");
        }
        ServerSocket back = new ServerSocket();
        back.setReuseAddress(true);
        back.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        cleanup.add(back);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.state() == BackendState.UP);
    }

    /** A backend that is not registered yet (the test registers it with its own health port). */
    private TestBackend backend0(String id) throws Exception {
        TestBackend b = new TestBackend(id);
        cleanup.add(b);
        return b;
    }
}
