package dev.baton.fswitch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.common.config.ConfigLoader;
import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.Registration;
import dev.baton.common.discovery.ServiceNames;
import dev.baton.common.net.Transport;
import dev.baton.common.testing.TestingZooKeeper;
import dev.baton.common.zk.ZooKeeperClients;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** A real switch on port 0 in front of real backends registered in a real (in-process) ZooKeeper. */
abstract class SwitchTestBase {
    static TestingServer zk;
    static CuratorFramework curator;
    static Discovery discovery;
    static final HttpClient http = HttpClient.newHttpClient();

    final List<AutoCloseable> cleanup = new ArrayList<>();
    FrontSwitch fs;

    @BeforeAll
    static void zookeeper() throws Exception {
        zk = TestingZooKeeper.started();
        curator = ZooKeeperClients.start(zk.getConnectString(), Duration.ofSeconds(5), Duration.ofSeconds(10));
        discovery = Discovery.start(curator);
    }

    @AfterAll
    static void stopZookeeper() throws Exception {
        discovery.close();
        curator.close();
        zk.close();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fs != null) {
            fs.close();
        }
        Exception first = null;
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            try {
                cleanup.get(i).close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The test defaults: loopback, port 0, fast coalescing, admin token t0ken, no PROXY header. */
    static Map<String, String> baseConfig() {
        return new HashMap<>(Map.of("zookeeper", zk.getConnectString(), "port", "0", "admin-port", "0",
                "bind", "127.0.0.1", "coalesce-ms", "20", "admin-token", "t0ken", "drain-timeout-ms", "500",
                "proxy-protocol", "false"));
    }

    /** Skips the test where {@code transport} (a config value: io-uring, epoll, nio) does not work. */
    static void assumeTransportWorks(String transport) {
        Transport t = TransportChoice.of(transport).named();
        assumeTrue(t.isAvailable(), transport + " does not work here: " + t.unavailableReason());
    }

    /** What this class's switches start from before a test's overrides: {@link #baseConfig()} unless it says otherwise. */
    Map<String, String> defaults() {
        return baseConfig();
    }

    FrontSwitch startSwitch(Map<String, String> overrides) throws Exception {
        Map<String, String> all = defaults();
        all.putAll(overrides);
        fs = FrontSwitch.start(ConfigLoader.load(SwitchConfig.class, null, Map.of(), all), Clock.systemUTC());
        return fs;
    }

    TestBackend backend(String id) throws Exception {
        TestBackend b = new TestBackend(id);
        cleanup.add(b);
        register(id, b.port(), b.port());
        return b;
    }

    Registration register(String id, int port, int adminPort) throws Exception {
        return register(id, new InstanceDetails("127.0.0.1", port, adminPort, null, "test-host", 1, "z1", "test", "0"));
    }

    /** Registers an app instance until the test ends (or until the test closes the registration). */
    Registration register(String id, InstanceDetails details) throws Exception {
        Registration r = discovery.register(ServiceNames.APP, id, details);
        cleanup.add(r);
        return r;
    }

    /** A port nothing listens on (it was free a moment ago), for a backend that refuses connections. */
    static int unusedPort() throws IOException {
        try (ServerSocket ss = new ServerSocket(0)) {
            return ss.getLocalPort();
        }
    }

    void awaitBackends(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> fs.pool().backends().size() == n);
    }

    Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", fs.port("main"));
        s.setSoTimeout(5000);
        return s;
    }

    /** Sends one line on {@code s} and returns the answer line. */
    static String say(Socket s, String line) throws Exception {
        s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        int c;
        while ((c = s.getInputStream().read()) != -1 && c != '\n') {
            out.append((char) c);
        }
        return c == -1 && out.isEmpty() ? null : out.toString();
    }

    /** One line on a new connection. */
    String ask(String line) throws Exception {
        try (Socket s = connect()) {
            return say(s, line);
        }
    }

    /** One line on a new connection from a given loopback address. */
    String askFrom(String localAddress, String line) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(localAddress, 0));
            s.connect(new InetSocketAddress("127.0.0.1", fs.port("main")), 5000);
            s.setSoTimeout(5000);
            return say(s, line);
        }
    }

    /** The switch closed {@code s}: end of stream, or a reset when the switch closed it with bytes unread. */
    static void assertClosed(Socket s) {
        try {
            org.assertj.core.api.Assertions.assertThat(s.getInputStream().read()).isEqualTo(-1);
        } catch (java.net.SocketException e) {
            org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains("reset");
        } catch (java.io.IOException e) {
            throw new AssertionError("expected the switch to close the connection", e);
        }
    }

    static String idOf(String answer) {
        return answer.split(" ")[0];
    }

    HttpResponse<String> admin(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fs.adminPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    long meter(String name) {
        return fs.metrics().registry().meter(name).getCount();
    }

    Object gauge(String name) {
        return fs.metrics().registry().getGauges().get(name).getValue();
    }
}
