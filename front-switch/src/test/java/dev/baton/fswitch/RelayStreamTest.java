package dev.baton.fswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.util.internal.PlatformDependent;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the relay does to the byte stream: resets both ways, backpressure, byte-exact transfer. */
class RelayStreamTest extends SwitchTestBase {
    private static final long SIZE = 256L * 1024 * 1024;
    private static final long IN_FLIGHT_BOUND = 32L * 1024 * 1024;

    @Test
    void aBackendResetReachesTheClientAsAReset() throws Exception {
        backend("rs-a");
        startSwitch(Map.of("health.check", "none"));
        awaitBackends(1);
        try (Socket s = connect()) {
            assertThat(say(s, "hi")).endsWith(" hi");
            s.getOutputStream().write("reset\n".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
        await().untilAsserted(() -> assertThat(fs.metrics().activeConnections()).isZero());
    }

    @Test
    void aClientResetClosesTheBackendConnection() throws Exception {
        TestBackend a = backend("rc-a");
        startSwitch(Map.of("health.check", "none"));
        awaitBackends(1);
        Socket s = connect();
        assertThat(say(s, "hi")).endsWith(" hi");
        assertThat(a.open.get()).isEqualTo(1);
        s.setSoLinger(true, 0);
        s.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(a.open.get()).isZero();
            assertThat(fs.metrics().activeConnections()).isZero();
            assertThat(fs.pool().find("rc-a").orElseThrow().activeConnections()).isZero();
        });
    }

    @Test
    void aSlowReaderStopsTheRelayReadingTheBackendAnd256MiBArriveByteExact() throws Exception {
        BlobBackend blob = new BlobBackend();
        cleanup.add(blob);
        register("blob", blob.port(), blob.port());
        startSwitch(Map.of("health.check", "none"));
        awaitBackends(1);
        byte[] expected = blob.expectedDigest(SIZE);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long got = 0;
        try (Socket s = connect()) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((SIZE + "\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[256 * 1024];
            got += readAtLeast(in, buf, sha, 8L * 1024 * 1024);

            // the client stops reading: what the switch takes from the backend must level off
            AtomicLong last = new AtomicLong(-1);
            await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10))
                    .until(() -> last.getAndSet(meter("bytes.out")) == meter("bytes.out"));
            long relayedWhileStalled = meter("bytes.out");
            assertThat(relayedWhileStalled - got).isLessThan(IN_FLIGHT_BOUND);
            assertThat(PlatformDependent.usedDirectMemory()).isLessThan(IN_FLIGHT_BOUND);

            got += readAtLeast(in, buf, sha, SIZE - got);
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(got).isEqualTo(SIZE);
        assertThat(sha.digest()).isEqualTo(expected);
        assertThat(meter("bytes.out")).isEqualTo(SIZE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"io-uring", "epoll"})
    void aClientThatHalfClosesAndReadsSlowlyGetsTheWholeAnswer(String transport) throws Exception {
        assumeTransportWorks(transport);
        BlobBackend blob = new BlobBackend(true);
        cleanup.add(blob);
        register("blob", blob.port(), blob.port());
        startSwitch(Map.of("health.check", "none", "transport", transport));
        awaitBackends(1);
        long size = 16L * 1024 * 1024; // far more than the socket buffers hold: the switch must wait for the client
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long got;
        try (Socket s = connect()) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((size + "\n").getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            AtomicLong last = new AtomicLong(-1);
            await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10))
                    .until(() -> last.getAndSet(meter("bytes.out")) == meter("bytes.out") && last.get() > 0);
            InputStream in = s.getInputStream();
            got = readAtLeast(in, new byte[256 * 1024], sha, size);
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(got).isEqualTo(size);
        assertThat(sha.digest()).isEqualTo(blob.expectedDigest(size));
        await().untilAsserted(() -> assertThat(fs.metrics().activeConnections()).isZero());
    }

    private static long readAtLeast(InputStream in, byte[] buf, MessageDigest sha, long n) throws Exception {
        long read = 0;
        while (read < n) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n - read));
            if (r < 0) {
                break;
            }
            sha.update(buf, 0, r);
            read += r;
        }
        return read;
    }
}
