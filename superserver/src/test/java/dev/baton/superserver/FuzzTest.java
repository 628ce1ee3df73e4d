package dev.baton.superserver;

import static dev.baton.common.testing.SocketLines.readLine;
import static dev.baton.superserver.TestSupport.openDescriptors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.common.testing.Fuzz;
import dev.baton.superserver.wait.WaitState;
import io.netty.channel.epoll.Epoll;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random bytes at every port: the process stays up and leaks no descriptor. */
class FuzzTest {
    static final int STRINGS = 1000;

    @TempDir
    Path dir;

    private Superserver server;
    private final List<String> services = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        String wait = Epoll.isAvailable() ? """
                  - {name: app, port: 0, bind: 127.0.0.1, mode: wait, type: java, main-class: dev.baton.superserver.demo.WaitEchoMain, idle-seconds: 600}
                """ : "";
        server = TestSupport.start(dir, """
                registry: {port: 0, bind: 127.0.0.1, token: sesame-sesame}
                services:
                  - {name: echo, port: 0, bind: 127.0.0.1, type: internal, internal: echo}
                  - {name: discard, port: 0, bind: 127.0.0.1, type: internal, internal: discard}
                  - {name: daytime, port: 0, bind: 127.0.0.1, type: internal, internal: daytime}
                  - {name: chargen, port: 0, bind: 127.0.0.1, type: internal, internal: chargen}
                  - {name: cat, port: 0, bind: 127.0.0.1, type: program, program: [cat]}
                  - {name: limited, port: 0, bind: 127.0.0.1, type: internal, internal: echo, limits: {per-source: 1, connections-per-second: 100, back-off-seconds: 1}}
                """ + wait);
        services.addAll(List.of("echo", "discard", "daytime", "chargen", "cat", "limited"));
        if (!wait.isEmpty()) {
            services.add("app");
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void randomBytesLeaveEveryPortUpAndNoDescriptorBehind() throws Exception {
        Random random = new Random(42);
        // Warm up until every event loop has served every port once: a wait service's handoff client keeps
        // one session (two Unix sockets) per event loop, which is its idle level, not a leak.
        for (String s : services) {
            for (int i = 0; i < 4 * Runtime.getRuntime().availableProcessors(); i++) {
                blast(server.port(s), random);
            }
        }
        blast(server.registryPort(), random);
        if (services.contains("app")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> server.waitService("app").state() == WaitState.RUNNING);
            long before = server.waitService("app").handedOff();
            for (int i = 0; i < 4 * Runtime.getRuntime().availableProcessors(); i++) {
                try (Socket s = new Socket("127.0.0.1", server.port("app"))) {
                    s.setSoTimeout(5000);
                    assertThat(readLine(s.getInputStream())).startsWith("hello from ");
                }
            }
            await().until(() -> server.waitService("app").handedOff() >= before + 4L * Runtime.getRuntime().availableProcessors());
        }
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        long idle = openDescriptors();
        String idleKinds = TestSupport.descriptorKinds();

        for (int i = 0; i < STRINGS; i++) {
            blast(server.registryPort(), random);
            for (String s : services) {
                blast(server.port(s), random);
            }
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(openDescriptors())
                .as("idle %s, now %s", idleKinds, TestSupport.descriptorKinds()).isLessThanOrEqualTo(idle + 2));
        // Liveness, not latency: a loaded CI machine may still be draining the fuzz's connections.
        try (Socket r = new Socket("127.0.0.1", server.registryPort())) {
            r.setSoTimeout(30_000);
            r.getOutputStream().write("PING\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(r.getInputStream())).isEqualTo("PONG");
        }
        try (Socket e = new Socket("127.0.0.1", server.port("echo"))) {
            e.setSoTimeout(30_000);
            e.getOutputStream().write("alive\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(e.getInputStream())).isEqualTo("alive");
        }
        if (services.contains("app")) {
            assertThat(server.waitService("app").starts()).isEqualTo(1);
        }
    }

    /** {@link Fuzz#blast} that waits for the connect as long as the kernel does. */
    private static void blast(int port, Random random) {
        Fuzz.blast(port, random, 0);
    }
}
