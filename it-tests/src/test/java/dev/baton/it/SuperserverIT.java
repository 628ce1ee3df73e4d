package dev.baton.it;

import static dev.baton.common.testing.SocketLines.readLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.common.launch.LaunchSettings;
import dev.baton.common.launch.ManagedProcess;
import dev.baton.common.launch.ProcessSpec;
import dev.baton.common.launch.ReadinessProbe;
import dev.baton.common.testing.Fuzz;
import dev.baton.superserver.client.Binder;
import dev.baton.superserver.client.RegistryClient;
import dev.baton.superserver.client.RegistryRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, against the real superserver as an OS process and real sockets on 127.0.0.1: a wait service
 * started on demand and stopped when idle, a nowait program on the connection's stdin/stdout, a client
 * bound by name through the registry that survives its endpoint's death, and random bytes at every port.
 */
class SuperserverIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "it-registry-token-7";
    private static final int FUZZ_STRINGS = 10_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path runDir;

    private ManagedProcess superserver;
    private int adminPort;
    private int registryPort;
    private int echoPort;
    private int countPort;
    private int appPort;

    @AfterEach
    void stop() throws InterruptedException {
        if (superserver != null) {
            superserver.stop(Duration.ofSeconds(10));
        }
    }

    private void startSuperserver() throws Exception {
        int[] ports = ClusterFixture.freePorts(5); // one at a time, two could be the same (a CI run met it)
        adminPort = ports[0];
        registryPort = ports[1];
        echoPort = ports[2];
        countPort = ports[3];
        appPort = ports[4];
        Path config = runDir.resolve("services.yaml");
        Files.writeString(config, """
                id: superserver-it
                zookeeper: none
                admin-bind: 127.0.0.1
                admin-port: %d
                run-dir: %s
                registry: {port: %d, bind: 127.0.0.1, token: %s, lease-seconds: 30}
                services:
                  - {name: echo, port: %d, bind: 127.0.0.1, type: internal, internal: echo}
                  - {name: count, port: %d, bind: 127.0.0.1, type: program, program: [wc, -c]}
                  - name: app
                    port: %d
                    bind: 127.0.0.1
                    mode: wait
                    type: java
                    main-class: dev.baton.superserver.demo.WaitEchoMain
                    jvm-args: [-Xmx64m, -XX:+UseSerialGC]
                    idle-seconds: 2
                    stop-timeout-ms: 5000
                """.formatted(adminPort, runDir.resolve("ss"), registryPort, TOKEN, echoPort, countPort, appPort));
        ProcessSpec spec = new ProcessSpec("superserver-it", ProcessSpec.Role.SUPERSERVER, "superserver",
                "dev.baton.superserver.SuperserverMain", List.of("--config", config.toString()), Map.of(),
                List.of(adminPort, registryPort, echoPort, countPort, appPort),
                ReadinessProbe.http("http://127.0.0.1:" + adminPort + "/health"), "");
        superserver = ManagedProcess.start(spec, LaunchSettings.defaults(ClusterFixture.root(), runDir));
        superserver.awaitReady(Duration.ofSeconds(60));
    }

    // ---------------------------------------------------------------- 1. wait service on demand

    @Test
    void waitServiceStartsOnFirstConnectionStopsWhenIdleAndStartsAgain() throws Exception {
        startSuperserver();
        assertThat(appState()).isEqualTo("stopped");
        assertThat(waitChildren()).as("no wait service process before the first connection").isEmpty();

        long firstPid;
        try (Socket a = connect(appPort)) {
            String greeting = readLine(a.getInputStream());
            assertThat(greeting).startsWith("hello from ");
            firstPid = Long.parseLong(greeting.substring("hello from ".length()));
            assertThat(waitChildren()).as("started by the first connection, as a child of the superserver").containsExactly(firstPid);
            assertThat(echo(a, "first")).isEqualTo("first");
            assertThat(appState()).isEqualTo("running");
            try (Socket b = connect(appPort)) { // a later connection, while the first is open: the same process
                assertThat(readLine(b.getInputStream())).isEqualTo("hello from " + firstPid);
                assertThat(echo(b, "second")).isEqualTo("second");
            }
            Thread.sleep(2_500); // longer than idle-seconds, but a connection is still open: it must stay up
            assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive)).as("busy service stays up").hasValue(true);
            assertThat(echo(a, "still here")).isEqualTo("still here");
        }
        try (Socket c = connect(appPort)) { // after the others closed, still the same process
            assertThat(readLine(c.getInputStream())).isEqualTo("hello from " + firstPid);
            assertThat(echo(c, "third")).isEqualTo("third");
        }
        assertThat(health().at("/services/app/starts").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).as("stopped after its idle time").isFalse();
            assertThat(appState()).isEqualTo("stopped");
        });
        assertThat(waitChildren()).isEmpty();

        try (Socket d = connect(appPort)) {
            String greeting = readLine(d.getInputStream());
            assertThat(greeting).startsWith("hello from ").isNotEqualTo("hello from " + firstPid);
            long secondPid = Long.parseLong(greeting.substring("hello from ".length()));
            assertThat(waitChildren()).containsExactly(secondPid);
            assertThat(echo(d, "again")).isEqualTo("again");
        }
        assertThat(health().at("/services/app/starts").asInt()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- 2. nowait program on stdin/stdout

    @Test
    void nowaitProgramSeesTheConnectionAsItsStdinAndStdout() throws Exception {
        startSuperserver();
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 12_345, 200_000}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            try (Socket s = connect(countPort)) {
                s.getOutputStream().write(bytes);
                s.shutdownOutput(); // EOF on wc's stdin
                String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(reply.trim()).as("wc -c of %d bytes", size).isEqualTo(Integer.toString(size));
            }
        }
        // two at once: one wc each, each sees only its own connection
        try (Socket a = connect(countPort); Socket b = connect(countPort)) {
            a.getOutputStream().write(new byte[111]);
            b.getOutputStream().write(new byte[2222]);
            b.shutdownOutput();
            a.shutdownOutput();
            assertThat(new String(a.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()).isEqualTo("111");
            assertThat(new String(b.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()).isEqualTo("2222");
        }
    }

    // ---------------------------------------------------------------- 3. bind by name, survive endpoint death

    @Test
    void clientBindsByNameAndSurvivesTheDeathOfItsEndpoint() throws Exception {
        startSuperserver();
        try (EchoEndpoint one = new EchoEndpoint(); EchoEndpoint two = new EchoEndpoint()) {
            InetSocketAddress registry = new InetSocketAddress("127.0.0.1", registryPort);
            try (RegistryClient c = RegistryClient.connect(registry, Duration.ofSeconds(2))) {
                assertThatThrownBy(() -> c.register("it-echo", "1", "127.0.0.1", one.port(), "wrong-token"))
                        .isInstanceOf(RegistryRefusedException.class).hasMessageContaining("401");
                c.register("it-echo", "1", "127.0.0.1", one.port(), TOKEN);
                c.register("it-echo", "1", "127.0.0.1", two.port(), TOKEN);
                assertThat(c.lookup("it-echo", null)).extracting(RegistryClient.Entry::port)
                        .containsExactlyInAnyOrder(one.port(), two.port());
            }
            Binder binder = Binder.builder().registry(registry).connectTimeout(Duration.ofSeconds(2)).build();

            Socket using = binder.connect("it-echo");
            using.setSoTimeout(5_000);
            assertThat(echo(using, "before")).isEqualTo("before");
            EchoEndpoint victim = using.getPort() == one.port() ? one : two;
            EchoEndpoint survivor = victim == one ? two : one;

            victim.close(); // the endpoint dies: its listener and every connection it had
            assertThatThrownBy(() -> {
                using.getOutputStream().write("after\n".getBytes(StandardCharsets.US_ASCII));
                if (readLine(using.getInputStream()) == null) {
                    throw new IOException("closed by peer");
                }
            }).isInstanceOf(IOException.class);
            using.close();

            for (int i = 0; i < 6; i++) { // rebinds by name, fails over past the dead one every time
                try (Socket s = binder.connect("it-echo")) {
                    s.setSoTimeout(5_000);
                    assertThat(s.getPort()).isEqualTo(survivor.port());
                    assertThat(echo(s, "after " + i)).isEqualTo("after " + i);
                }
            }
        }
    }

    // ---------------------------------------------------------------- 4. random bytes at every port

    @Test
    void tenThousandRandomStringsLeaveTheSuperserverUpAndNoDescriptorBehind() throws Exception {
        startSuperserver();
        List<Integer> ports = List.of(registryPort, echoPort, countPort, appPort);
        Random warm = new Random(1);
        long warmStart = System.nanoTime();
        // Warm up: every port served on every event loop, the wait service started and stopped once, so lazily
        // opened descriptors (jars, handoff sessions) are part of the idle level.
        for (int round = 0; round < 4 * Runtime.getRuntime().availableProcessors(); round++) {
            for (int port : ports) {
                blast(port, warm);
            }
        }
        try (Socket a = connect(appPort)) {
            assertThat(readLine(a.getInputStream())).startsWith("hello from ");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> "stopped".equals(appState()));
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
        System.out.printf("fuzz: warm-up done in %d ms%n", (System.nanoTime() - warmStart) / 1_000_000);
        long pid = superserver.pid();
        long idle = descriptors(pid);
        String idleKinds = descriptorKinds(pid);

        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Random random = new Random(100 + t);
            threads.add(Thread.ofPlatform().name("fuzz-" + t).start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < FUZZ_STRINGS && System.nanoTime() < deadline) {
                    blast(ports.get(i % ports.size()), random);
                    sent.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(100));
        }
        System.out.printf("fuzz: %d strings sent in %d ms%n", sent.get(), (System.nanoTime() - deadline) / 1_000_000 + 90_000);
        assertThat(sent.get()).as("random strings sent within the time bound").isEqualTo(FUZZ_STRINGS);
        assertThat(superserver.isAlive()).isTrue();

        // Liveness, not latency: a loaded machine may still be draining the fuzz's connections.
        try (Socket r = connect(registryPort)) {
            r.setSoTimeout(30_000);
            r.getOutputStream().write("PING\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(r.getInputStream())).isEqualTo("PONG");
        }
        try (Socket e = connect(echoPort)) {
            e.setSoTimeout(30_000);
            assertThat(echo(e, "alive")).isEqualTo("alive");
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(appState()).isEqualTo("stopped");
            assertThat(descriptors(pid)).as("idle %s, now %s", idleKinds, descriptorKinds(pid)).isLessThanOrEqualTo(idle + 3);
        });
        System.out.printf("fuzz: idle level %d reached %d ms after the start%n", idle, (System.nanoTime() - deadline) / 1_000_000 + 90_000);
        assertThat(superserver.isAlive()).isTrue();
        assertThat(health().path("status").asText()).isEqualTo("UP");
    }

    /** {@link Fuzz#blast} that gives up on a connect after 2 s. */
    private static void blast(int port, Random random) {
        Fuzz.blast(port, random, 2_000);
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode health() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health"))
                .timeout(Duration.ofSeconds(5)).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private String appState() throws IOException, InterruptedException {
        return health().at("/services/app/state").asText();
    }

    /** Live descendants of the superserver that run the demo wait service. */
    private List<Long> waitChildren() {
        return ProcessHandle.of(superserver.pid()).orElseThrow().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> cmdline(p.pid()).contains("WaitEchoMain"))
                .map(ProcessHandle::pid).toList();
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.ISO_8859_1);
        } catch (IOException gone) {
            return "";
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(20_000); // a wait service's first connection waits for its JVM to start
        return s;
    }

    private static String echo(Socket s, String text) throws IOException {
        s.getOutputStream().write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        return readLine(s.getInputStream());
    }

    private static long descriptors(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    /** What the process's descriptors point at, grouped (socket, pipe, anon_inode:..., files), for failure messages. */
    private static String descriptorKinds(long pid) throws IOException {
        Map<String, Integer> kinds = new TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    continue;
                }
                String kind = target.startsWith("socket:") ? "socket" : target.startsWith("pipe:") ? "pipe"
                        : target.startsWith("anon_inode:") ? target : "file";
                kinds.merge(kind, 1, Integer::sum);
            }
        }
        return kinds.toString();
    }

    /** A line echo server in the test JVM, a registrable endpoint that the test can kill. */
    private static final class EchoEndpoint implements AutoCloseable {
        private final ServerSocket server;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();

        EchoEndpoint() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread.ofVirtual().start(this::acceptLoop);
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) != -1) {
                    out.write(buf, 0, n);
                }
            } catch (SocketException closed) {
                // killed
            } catch (IOException ignored) {
                // the client went away
            } finally {
                open.remove(s);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) {
                try (s) {
                    s.setSoLinger(true, 0); // reset, as a dying process's sockets would be
                } catch (IOException alreadyClosed) {
                    // its serving thread closed it first
                }
            }
        }
    }
}
