package dev.baton.superserver.wait;

import static dev.baton.common.testing.SocketLines.readLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.baton.superserver.Superserver;
import dev.baton.superserver.TestSupport;
import io.netty.channel.epoll.Epoll;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real wait service (the demo echo JVM) started by the first connection and stopped when idle. */
class WaitServiceTest {
    @TempDir
    Path dir;

    private Superserver server;

    @BeforeEach
    void start() throws Exception {
        assumeThat(Epoll.isAvailable()).as("wait services need epoll").isTrue();
        server = TestSupport.start(dir, """
                registry: {enabled: false}
                services:
                  - name: app
                    port: 0
                    bind: 127.0.0.1
                    mode: wait
                    type: java
                    main-class: dev.baton.superserver.demo.WaitEchoMain
                    jvm-args: [-Xshare:auto, -XX:TieredStopAtLevel=1]
                    idle-seconds: 1
                """);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() throws Exception {
        Socket s = new Socket("127.0.0.1", server.port("app"));
        s.setSoTimeout(20_000);
        return s;
    }

    /** Reads the greeting and returns the serving process's id, then checks an echo. */
    private static long greetAndEcho(Socket s, String text) throws Exception {
        String hello = readLine(s.getInputStream());
        assertThat(hello).startsWith("hello from ");
        s.getOutputStream().write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(readLine(s.getInputStream())).isEqualTo(text);
        return Long.parseLong(hello.substring("hello from ".length()));
    }

    @Test
    void startsOnFirstConnectionServesLaterOnesStopsWhenIdleAndStartsAgain() throws Exception {
        WaitService ws = server.waitService("app");
        assertThat(ws.state()).isEqualTo(WaitState.STOPPED);
        assertThat(ws.pid()).isEqualTo(-1);
        assertThat(ws.starts()).isZero();

        long first;
        try (Socket a = connect()) {
            first = greetAndEcho(a, "one");
            assertThat(ws.pid()).isEqualTo(first);
            assertThat(ProcessHandle.of(first)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            try (Socket b = connect()) {
                assertThat(greetAndEcho(b, "two")).isEqualTo(first);
            }
            // An open connection keeps it running well past its idle time.
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                    .untilAsserted(() -> assertThat(ws.state()).isEqualTo(WaitState.RUNNING));
            assertThat(greetAndEchoAgain(a, "still")).isTrue();
        }
        assertThat(ws.starts()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(ws.state()).isEqualTo(WaitState.STOPPED);
            assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        });
        assertThat(ws.stops()).isEqualTo(1);

        try (Socket c = connect()) {
            long second = greetAndEcho(c, "three");
            assertThat(second).isNotEqualTo(first);
        }
        assertThat(ws.starts()).isEqualTo(2);
    }

    private static boolean greetAndEchoAgain(Socket s, String text) throws Exception {
        s.getOutputStream().write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        return text.equals(readLine(s.getInputStream()));
    }

    @Test
    void connectionsArrivingDuringTheStartWaitAndAreAllServedByOneProcess() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                sockets.add(connect());
            }
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < sockets.size(); i++) {
                pids.add(greetAndEcho(sockets.get(i), "n" + i));
            }
            assertThat(pids).containsOnly(pids.get(0));
            assertThat(server.waitService("app").starts()).isEqualTo(1);
            assertThat(server.waitService("app").handedOff()).isEqualTo(8);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
