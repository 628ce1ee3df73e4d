package dev.baton.app.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.baton.app.server.Dispatcher;
import dev.baton.app.server.HttpMetrics;
import dev.baton.app.server.RawHttp;
import dev.baton.app.server.ServerModel;
import dev.baton.app.server.ServerSettings;
import dev.baton.common.http.Responses;
import dev.baton.common.http.Router;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A refused upload is drained for 2 s in all, as the Netty servers do (LingeringClose), not for 2 s per read:
 * a client that trickles a byte every 300 ms would otherwise hold a thread for as long as 64 MiB take.
 */
class LingeringRefusalTest {
    @ParameterizedTest
    @EnumSource(value = ServerModel.class, names = {"THREAD_PER_CONNECTION", "VIRTUAL_THREADS", "SINGLE_THREADED"})
    void aTricklingClientAfterA413IsClosedWithinTheDeadline(ServerModel model) throws Exception {
        Router router = Router.builder().post("/up", r -> java.util.concurrent.CompletableFuture.completedFuture(
                Responses.ok(Map.of()))).build();
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, 1024, Duration.ofSeconds(30), Duration.ofSeconds(1), 1, 2);
        try (BlockingServer server = BlockingServer.start(model, settings, new Dispatcher(router),
                new HttpMetrics(new MetricRegistry()), 1);
             RawHttp client = new RawHttp(server.port())) {
            client.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(413);
            long start = System.nanoTime();
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        client.send("x");
                        Thread.sleep(300);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server closed (a reset on a later write) or the test is done
                }
            });
            try {
                await().atMost(Duration.ofSeconds(6)).until(() -> server.openConnections() == 0);
            } finally {
                trickle.interrupt();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
