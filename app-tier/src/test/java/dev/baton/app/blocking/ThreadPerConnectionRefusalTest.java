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
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ThreadPerConnectionRefusalTest {
    @Test
    void withEveryWorkerBusyAndTheQueueFullAConnectionGets503WithRetryAfterAtOnce() throws Exception {
        CompletableFuture<FullHttpResponse> release = new CompletableFuture<>();
        Router router = Router.builder().get("/hold", request -> release.thenApply(r -> Responses.ok(java.util.Map.of()))).build();
        ServerSettings oneWorker = new ServerSettings("127.0.0.1", 0, 1024, Duration.ofSeconds(30), Duration.ofSeconds(1), 1, 1);
        try (BlockingServer server = BlockingServer.start(ServerModel.THREAD_PER_CONNECTION, oneWorker,
                new Dispatcher(router), new HttpMetrics(new MetricRegistry()), 1);
             RawHttp served = new RawHttp(server.port());
             RawHttp queued = new RawHttp(server.port());
             RawHttp refused = new RawHttp(server.port())) {
            served.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() >= 2);

            long start = System.nanoTime();
            RawHttp.Response busy = refused.read();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.hasHeader("Retry-After", "1")).isTrue();
            assertThat(refused.closedByServer()).isTrue();
            release.complete(null);
            assertThat(served.read().status()).isEqualTo(200);
        }
    }
}
