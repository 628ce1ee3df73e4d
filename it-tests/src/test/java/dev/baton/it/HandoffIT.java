package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.HostIdentity;
import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.ServiceNames;
import dev.baton.common.launch.Cluster;
import dev.baton.common.launch.ClusterPlan;
import dev.baton.common.launch.LaunchSettings;
import dev.baton.common.launch.ManagedProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issues 3 and 4 across real processes: the switch relays, or passes client sockets to app servers over
 * SCM_RIGHTS (handoff). Descriptor counts are read from {@code /proc/<pid>/fd} of the switch and the app server.
 */
class HandoffIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONNECTIONS = 100_000;

    @TempDir
    Path runDir;

    /**
     * 100,000 client connections, of which three in eight are closed or reset on purpose, while a ghost
     * member (registered in ZooKeeper, but with neither a handoff socket nor a port behind it) makes the
     * switch's handoffs and connects to it fail (refused) now and then: every complete request is answered,
     * and both processes end at (or below) the descriptor count they had when idle before.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"handoff", "relay"})
    void noDescriptorIsLeftBehindInEitherProcessAfter100kConnections(String mode) throws Exception {
        ClusterPlan plan = ClusterFixture.plan(1, runDir, mode);
        try (Cluster cluster = ClusterFixture.start(plan);
             CuratorFramework zk = curator(plan);
             Discovery discovery = Discovery.start(zk)) {
            discovery.register(ServiceNames.APP, "ghost", ghost(ClusterFixture.freePort()));
            await().atMost(Duration.ofSeconds(10)).until(() -> ClusterFixture.backendIds(plan).contains("ghost"));
            long switchPid = cluster.process("switch").pid();
            long appPid = cluster.process("app-1").pid();

            ConnectionMix.Outcome warmUp = ConnectionMix.run(plan.switchPort(), 4_000, 4);
            assertThat(warmUp.failed()).as("warm-up failures: %s", warmUp.failures()).isZero();
            int switchIdle = settledDescriptors(switchPid);
            int appIdle = settledDescriptors(appPid);
            Set<String> switchIdleLinks = descriptorLinks(switchPid);

            ConnectionMix.Outcome outcome = ConnectionMix.run(plan.switchPort(), CONNECTIONS, 4);

            assertThat(outcome.failed()).as(() -> "complete requests that were not answered 200; the switch said:\n"
                    + notableLines(runDir.resolve("logs").resolve("switch.log")) + "\nfirst failures: " + outcome.failures())
                    .isZero();
            assertThat(outcome.answered() + outcome.abandoned() + outcome.failed()).isEqualTo(CONNECTIONS);
            assertThat(mode.equals("handoff") ? meter(plan, "handoff.failures") : meter(plan, "backend.retries"))
                    .as("handoffs or connects to the ghost that failed (and were retried)").isPositive();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(descriptors(switchPid)).as(() -> "switch descriptors (idle: " + switchIdle + "; new since: "
                        + newSince(switchIdleLinks, switchPid) + ")").isLessThanOrEqualTo(switchIdle);
                assertThat(descriptors(appPid)).as("app server descriptors (idle: " + appIdle + ")").isLessThanOrEqualTo(appIdle);
            });
            System.out.printf("%s: %d connections (%d answered); descriptors idle/after: switch %d/%d, app server %d/%d%n",
                    mode, CONNECTIONS, outcome.answered(), switchIdle, descriptors(switchPid), appIdle, descriptors(appPid));
            assertThat(health(plan)).isEqualTo(200);
        }
    }

    /**
     * An app server killed with handed-off connections open: each of its clients sees the connection
     * end without an answer, the other server's clients carry on, every connection opened after the
     * kill is served, the switch drops the dead member and, once it is back, holds as many descriptors
     * as it did before.
     */
    @Test
    void anAppServerThatDiesTakesOnlyItsOwnConnectionsWithIt() throws Exception {
        ClusterPlan plan = ClusterFixture.plan(2, runDir, "handoff");
        List<KeptConnection> kept = new ArrayList<>();
        ManagedProcess revived = null;
        try (Cluster cluster = ClusterFixture.start(plan)) {
            long switchPid = cluster.process("switch").pid();
            ConnectionMix.run(plan.switchPort(), 500, 2);
            int switchIdle = settledDescriptors(switchPid);

            for (int i = 0; i < 20; i++) {
                KeptConnection c = KeptConnection.open(plan.switchPort());
                kept.add(c);
            }
            assertThat(kept).extracting(KeptConnection::server).contains("app-1", "app-2");

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger served = new AtomicInteger();
            ConcurrentLinkedQueue<Long> failedStarts = new ConcurrentLinkedQueue<>();
            Thread clients = new Thread(() -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    try {
                        if (RawHttp.get(plan.switchPort(), "/whoami").status() == 200) {
                            served.incrementAndGet();
                        } else {
                            failedStarts.add(started);
                        }
                    } catch (IOException e) {
                        failedStarts.add(started);
                    }
                }
            });
            clients.start();
            await().until(() -> served.get() > 50);

            ManagedProcess victim = cluster.process("app-2");
            victim.kill(); // SIGKILL, and waits until the process is reaped
            long deadAt = System.nanoTime();

            for (KeptConnection c : kept) {
                if (c.server().equals("app-2")) {
                    assertThat(c.nextAnswer()).as("a connection held by the dead server").isEqualTo(KeptConnection.ENDED);
                } else {
                    assertThat(c.nextAnswer()).as("a connection held by the live server").isEqualTo("app-1");
                }
            }
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !ClusterFixture.backendIds(plan).contains("app-2"));
            int before = served.get();
            await().until(() -> served.get() > before + 100);
            running.set(false);
            clients.join();
            assertThat(failedStarts).as("failed connections opened after the kill").noneMatch(t -> t >= deadAt);
            assertThat(health(plan)).isEqualTo(200);

            revived = ManagedProcess.start(victim.spec(), LaunchSettings.defaults(ClusterFixture.root(), plan.runDir()));
            revived.awaitReady(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10)).until(() -> ClusterFixture.backendIds(plan).contains("app-2"));
            ConnectionMix.run(plan.switchPort(), 500, 2);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(descriptors(switchPid)).as("switch descriptors (idle before the kill: " + switchIdle + ")")
                            .isLessThanOrEqualTo(switchIdle));
        } finally {
            for (KeptConnection c : kept) {
                c.close();
            }
            if (revived != null) {
                revived.stop(Duration.ofSeconds(10));
            }
        }
    }

    /** A keep-alive connection through the switch, and the server that answered it first. */
    private static final class KeptConnection implements AutoCloseable {
        static final String ENDED = "(ended without an answer)";
        private final Socket socket;
        private final String server;

        private KeptConnection(Socket socket, String server) {
            this.socket = socket;
            this.server = server;
        }

        static KeptConnection open(int port) throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5_000);
            return new KeptConnection(s, whoami(s));
        }

        String server() {
            return server;
        }

        /** The id of the server that answers the next request, or {@link #ENDED} on EOF or a reset. */
        String nextAnswer() throws IOException {
            try {
                return whoami(socket);
            } catch (SocketException e) {
                return ENDED; // reset
            } catch (EndOfStream e) {
                return ENDED;
            }
        }

        private static String whoami(Socket s) throws IOException {
            s.getOutputStream().write("GET /whoami HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new EndOfStream();
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = Integer.parseInt(text.lines()
                    .filter(l -> l.toLowerCase().startsWith("content-length:"))
                    .findFirst().orElseThrow(() -> new IOException("no Content-Length in " + text))
                    .substring("content-length:".length()).trim());
            byte[] body = in.readNBytes(length);
            return JSON.readTree(body).get("id").asText();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final class EndOfStream extends IOException {
        EndOfStream() {
            super("end of stream");
        }
    }

    /** The switch log's warnings and failures, for a failed assertion's message. */
    private static String notableLines(Path log) {
        try (var lines = Files.lines(log)) {
            return String.join("\n", lines.filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("failed")
                    || l.startsWith("\tat ")).limit(120).toList());
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** A member on this host whose handoff socket and port have nothing behind them. */
    private InstanceDetails ghost(int closedPort) {
        return new InstanceDetails("127.0.0.1", closedPort, closedPort, runDir.resolve("ghost.sock").toString(),
                HostIdentity.current(), 100, "local", "event-loop", "it");
    }

    private static CuratorFramework curator(ClusterPlan plan) {
        CuratorFramework c = CuratorFrameworkFactory.newClient(plan.zookeeperConnect(), new ExponentialBackoffRetry(100, 3));
        c.start();
        return c;
    }

    /** The descriptor count once it has stayed the same for a second (timers and health checks come and go). */
    private static int settledDescriptors(long pid) {
        int[] last = {-1};
        long[] since = {System.nanoTime()};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            int now = descriptors(pid);
            if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] > 1_000_000_000L;
        });
        return last[0];
    }

    private static int descriptors(long pid) throws IOException {
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) fds.count();
        }
    }

    /** What each descriptor of {@code pid} is ("12 -> socket:[4711]"), to name the ones a failure left. */
    private static Set<String> descriptorLinks(long pid) throws IOException {
        Set<String> links = new TreeSet<>();
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    links.add(fd.getFileName() + " -> " + Files.readSymbolicLink(fd));
                } catch (IOException closedMeanwhile) {
                    // gone between listing and reading: not left behind
                }
            }
        }
        return links;
    }

    private static Set<String> newSince(Set<String> before, long pid) {
        try {
            Set<String> now = descriptorLinks(pid);
            now.removeAll(before);
            return now;
        } catch (IOException e) {
            return Set.of("(cannot list: " + e.getMessage() + ")");
        }
    }


    private static int health(ClusterPlan plan) throws IOException {
        return RawHttp.get(plan.adminPort(), "/health").status();
    }

    /** The count of one of the switch's meters ({@code handoff.failures}: failed before the descriptor was sent). */
    private static long meter(ClusterPlan plan, String name) throws IOException {
        JsonNode metrics = JSON.readTree(RawHttp.get(plan.adminPort(), "/metrics").body());
        return metrics.path("meters").path(name).path("count").asLong();
    }
}
