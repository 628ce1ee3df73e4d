package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.common.launch.Cluster;
import dev.baton.common.launch.ClusterPlan;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 at full scale, across real processes: 1 GiB relayed by the switch to a client that first stops
 * reading for a while, then reads it all. The switch's heap and direct memory (its own gauges) stay flat,
 * what it takes from the backend while the client stalls levels off, and the bytes are exactly those the
 * app server sends when asked directly.
 */
class RelayTransferIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SIZE = 1L << 30;
    private static final long MIB = 1L << 20;

    @TempDir
    java.nio.file.Path runDir;

    @Test
    void oneGiBToASlowReaderKeepsTheSwitchsMemoryFlatAndArrivesByteExact() throws Exception {
        ClusterPlan plan = ClusterFixture.plan(1, runDir, "relay");
        try (Cluster cluster = ClusterFixture.start(plan)) {
            byte[] direct = digest(plan.appPort(1), null);

            AtomicLong maxHeap = new AtomicLong();
            AtomicLong maxDirect = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (sampling.get()) {
                    try {
                        JsonNode gauges = metrics(plan).path("gauges");
                        maxHeap.accumulateAndGet(gauges.path("jvm.heap.used").path("value").asLong(), Math::max);
                        maxDirect.accumulateAndGet(gauges.path("jvm.direct.used").path("value").asLong(), Math::max);
                        Thread.sleep(100);
                    } catch (IOException e) {
                        // the next sample will do
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            byte[] relayed;
            try {
                relayed = digest(plan.switchPort(), () -> {
                    // The client has read 8 MiB and stops: the switch must stop reading the backend.
                    AtomicLong last = new AtomicLong(-1);
                    await().pollInterval(Duration.ofMillis(250)).atMost(Duration.ofSeconds(20))
                            .until(() -> last.getAndSet(bytesOut(plan)) == bytesOut(plan));
                    assertThat(bytesOut(plan)).as("bytes the switch relayed while the client read 8 MiB")
                            .isLessThan(8 * MIB + 64 * MIB);
                });
            } finally {
                sampling.set(false);
                sampler.join();
            }
            System.out.printf("1 GiB relayed: switch heap max %d MiB, direct max %d MiB%n",
                    maxHeap.get() / MIB, maxDirect.get() / MIB);
            assertThat(relayed).as("SHA-256 through the switch equals SHA-256 direct").isEqualTo(direct);
            assertThat(bytesOut(plan)).isGreaterThanOrEqualTo(SIZE);
            assertThat(maxDirect.get()).as("switch direct memory while relaying 1 GiB").isLessThan(32 * MIB);
            assertThat(maxHeap.get()).as("switch heap while relaying 1 GiB").isLessThan(256 * MIB);
        }
    }

    /** SHA-256 of the body of {@code GET /blob?bytes=1GiB} on {@code port}; {@code stall} runs after 8 MiB. */
    private static byte[] digest(int port, Stall stall) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /blob?bytes=" + SIZE + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            skipHead(in);
            byte[] buf = new byte[256 * 1024];
            long got = 0;
            boolean stalled = stall == null;
            for (int r; (r = in.read(buf)) > 0; ) {
                sha.update(buf, 0, r);
                got += r;
                if (!stalled && got >= 8 * MIB) {
                    stalled = true;
                    stall.whileStalled();
                }
            }
            assertThat(got).as("body bytes from port " + port).isEqualTo(SIZE);
        }
        return sha.digest();
    }

    /** What to do while the client stops reading. */
    private interface Stall {
        void whileStalled() throws Exception;
    }

    private static void skipHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response head");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static JsonNode metrics(ClusterPlan plan) throws IOException {
        return JSON.readTree(RawHttp.get(plan.adminPort(), "/metrics").body());
    }

    private static long bytesOut(ClusterPlan plan) throws IOException {
        return metrics(plan).path("meters").path("bytes.out").path("count").asLong();
    }
}
