package dev.baton.fswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A switch out of descriptors closes a client it cannot open a backend socket for, at once, instead of leaving it
 * open (and holding a descriptor) until the idle timeout; once descriptors free up it relays again. The test
 * lowers its own process's open-file limit with {@code prlimit} and fills it up to one free descriptor, which
 * the switch's accept takes.
 */
class OutOfDescriptorsTest extends SwitchTestBase {
    private static final Path DEV_NULL = Path.of("/dev/null");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"io-uring", "epoll"})
    void aClientTheSwitchCannotOpenABackendSocketForIsClosedAndTheNextIsRelayed(String transport) throws Exception {
        assumeTransportWorks(transport);
        long[] limit = openFileLimit();
        assumeTrue(prlimit(limit[0], limit[1]), "prlimit (util-linux) is needed to lower this process's limit");
        backend("nofd-a");
        startSwitch(Map.of("health.check", "none", "io-threads", "1", "transport", transport));
        awaitBackends(1);
        assertThat(ask("warm")).endsWith(" warm");
        // The warm-up connection's sockets close asynchronously; one closing after the fill would leave two
        // descriptors free, and the switch would open a backend socket after all.
        await().atMost(Duration.ofSeconds(5)).until(() -> fs.metrics().activeConnections() == 0
                && fs.pool().backends().get(0).activeConnections() == 0);

        List<Closeable> fillers = new ArrayList<>();
        try (SocketChannel client = SocketChannel.open()) { // its descriptor exists before the limit bites
            assertThat(prlimit(openDescriptors() + 64, limit[1])).isTrue();
            // Filled until no descriptor has come free for 300 ms (another thread may still be closing one).
            await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(300)).until(() -> fillUp(fillers) == 0);
            fillers.removeLast().close(); // one descriptor left: the switch's accept takes it
            client.connect(new InetSocketAddress("127.0.0.1", fs.port("main")));
            client.socket().setSoTimeout(5000);
            client.write(ByteBuffer.wrap("x\n".getBytes(StandardCharsets.UTF_8)));
            try {
                assertThat(client.socket().getInputStream().read()).as("closed without an answer").isEqualTo(-1);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the switch left the client open with no backend socket", e);
            } catch (IOException reset) {
                // closed with the request unread: a reset is fine too
            }
        } finally {
            for (Closeable c : fillers) {
                c.close();
            }
            prlimit(limit[0], limit[1]);
        }
        assertThat(meter("connections.refused")).isEqualTo(1);
        assertThat(ask("after")).endsWith(" after");
        await().atMost(Duration.ofSeconds(5)).until(() -> fs.pool().backends().get(0).activeConnections() == 0);
    }

    /** Opens /dev/null until the process is out of descriptors; returns how many it opened. */
    private static int fillUp(List<Closeable> fillers) throws IOException {
        for (int opened = 0; ; opened++) {
            try {
                fillers.add(FileChannel.open(DEV_NULL));
            } catch (FileSystemException e) {
                assertThat(e.getMessage()).contains("Too many open files");
                return opened;
            }
        }
    }

    /** This process's soft and hard open-file limits. */
    private static long[] openFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
            }
        }
        throw new IllegalStateException("no 'Max open files' in /proc/self/limits");
    }

    /** Sets this process's open-file limits with prlimit; false if prlimit cannot be run. */
    private static boolean prlimit(long soft, long hard) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(ProcessHandle.current().pid()),
                    "--nofile=" + soft + ":" + hard).redirectErrorStream(true).start();
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            p.getInputStream().close();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
