package dev.baton.app.eventloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.baton.app.api.AppIdentity;
import dev.baton.app.api.AppRoutes;
import dev.baton.app.data.DataTierClient;
import dev.baton.app.data.DataTierEndpoints;
import dev.baton.app.data.DataTierPolicy;
import dev.baton.app.server.ConnectionTracker;
import dev.baton.app.server.Dispatcher;
import dev.baton.app.server.HttpMetrics;
import dev.baton.app.server.ServerModel;
import dev.baton.app.server.ServerSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event-loop pipeline on an {@link EmbeddedChannel}: streamed bodies, limits, and no leaked buffers. */
class EventLoopPipelineTest {
    private DataTierClient client;
    private EmbeddedChannel channel;
    private final ConnectionTracker tracker = new ConnectionTracker();

    @BeforeEach
    void setUp() {
        client = DataTierClient.create(DataTierEndpoints.of(List.of()), DataTierPolicy.defaults(), Clock.systemUTC());
        AppIdentity identity = new AppIdentity("app-e", ServerModel.EVENT_LOOP, "127.0.0.1", 1);
        var router = AppRoutes.router(() -> identity, client, () -> false, new MetricRegistry(), Runnable::run);
        channel = new EmbeddedChannel(new AppChannelInitializer(new Dispatcher(router), tracker,
                new HttpMetrics(new MetricRegistry()), ServerSettings.loopback(), true));
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        client.close();
    }

    private String exchange(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Responses are written from tasks queued on the loop; run them until nothing more comes.
        for (int idle = 0; idle < 3; ) {
            channel.runPendingTasks();
            ByteBuf buf = channel.readOutbound();
            if (buf == null) {
                idle++;
                continue;
            }
            idle = 0;
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            out.writeBytes(bytes);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void streamsABlobInChunksWithItsLength() {
        String response = exchange("GET /blob?bytes=200000 HTTP/1.1\r\nHost: x\r\n\r\n");
        int bodyStart = response.indexOf("\r\n\r\n") + 4;
        assertThat(response).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: 200000");
        assertThat(response.length() - bodyStart).isEqualTo(200_000);
        assertThat(response.substring(bodyStart, bodyStart + 28)).isEqualTo("abcdefghijklmnopqrstuvwxyzab");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void answersPipelinedRequestsInOrder() {
        String response = exchange("GET /nope HTTP/1.1\r\nHost: x\r\n\r\nGET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response.indexOf("404")).isLessThan(response.indexOf("app-e")).isPositive();
    }

    @Test
    void aHeadOverTheLimitIs431AndTheConnectionCloses() {
        String response = exchange("GET / HTTP/1.1\r\nX: " + "y".repeat(9000) + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 431");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anUnavailableDataTierIs503WithRetryAfter() {
        StringBuilder response = new StringBuilder(exchange("GET /kv/a HTTP/1.1\r\nHost: x\r\n\r\n"));
        // The data-tier failure may complete off the loop; keep running the loop's tasks until it is written.
        await().atMost(Duration.ofSeconds(5)).until(() -> response.append(exchange("")).indexOf("503") >= 0);
        assertThat(response.toString()).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 1");
    }
}
