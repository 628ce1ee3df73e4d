package dev.baton.superserver.client;

import static dev.baton.common.testing.SocketLines.readLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.superserver.Superserver;
import dev.baton.superserver.TestSupport;
import dev.baton.common.testing.MutableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client binds to "echo" by name through the registry and survives the death of its endpoint. */
class BinderTest {
    static final String TOKEN = "sesame-sesame";

    @TempDir
    Path dir;

    private Superserver registry;
    private Superserver endpointA;
    private Superserver endpointB;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        registry = TestSupport.start(dir, """
                registry: {port: 0, bind: 127.0.0.1, token: %s}
                """.formatted(TOKEN));
        endpointA = echoOnly("a");
        endpointB = echoOnly("b");
        try (RegistryClient c = registryClient()) {
            c.register("echo", "1", "127.0.0.1", endpointA.port("echo"), TOKEN);
            c.register("echo", "1", "127.0.0.1", endpointB.port("echo"), TOKEN);
        }
    }

    private Superserver echoOnly(String id) throws Exception {
        return Superserver.start(TestSupport.config(dir, """
                id: %s
                admin-port: 0
                run-dir: %s
                registry: {enabled: false}
                services: [{name: echo, port: 0, bind: 127.0.0.1, type: internal, internal: echo}]
                """.formatted(id, dir.resolve(id))), Clock.systemUTC());
    }

    private RegistryClient registryClient() throws IOException {
        return RegistryClient.connect(new InetSocketAddress("127.0.0.1", registry.registryPort()), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        for (Superserver s : new Superserver[] {endpointB, endpointA, registry}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private Binder binder() {
        return Binder.builder().registry(new InetSocketAddress("127.0.0.1", registry.registryPort()))
                .connectTimeout(Duration.ofSeconds(2)).clock(clock).build();
    }

    private static String echo(Socket s, String text) throws IOException {
        s.setSoTimeout(5000);
        s.getOutputStream().write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        return readLine(s.getInputStream());
    }

    @Test
    void bindsByNameAndFailsOverWhenItsEndpointDies() throws Exception {
        Binder binder = binder();
        int portA = endpointA.port("echo");
        int usedA = 0;
        for (int i = 0; i < 4; i++) {
            try (Socket s = binder.connect("echo")) {
                assertThat(echo(s, "hi " + i)).isEqualTo("hi " + i);
                usedA += s.getPort() == portA ? 1 : 0;
            }
        }
        assertThat(usedA).as("round robin over both endpoints").isEqualTo(2);

        endpointA.close();
        endpointA = null;
        for (int i = 0; i < 6; i++) {
            try (Socket s = binder.connect("echo")) {
                assertThat(s.getPort()).isEqualTo(endpointB.port("echo"));
                assertThat(echo(s, "still " + i)).isEqualTo("still " + i);
            }
        }
        assertThat(binder.lookups()).as("cached: the failover needed no new lookup").isEqualTo(1);
    }

    @Test
    void cacheHonoursTheLeaseAndLooksUpAgainWhenItRunsOut() throws Exception {
        Binder binder = binder();
        binder.connect("echo").close();
        binder.connect("echo").close();
        assertThat(binder.lookups()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(11));
        binder.connect("echo").close();
        assertThat(binder.lookups()).isEqualTo(2);
    }

    @Test
    void saysSoWhenNoEndpointIsRegistered() {
        assertThatThrownBy(() -> binder().connect("nothing")).isInstanceOf(IOException.class)
                .hasMessageContaining("no endpoint of nothing").hasMessageContaining("none registered");
    }

    @Test
    void saysSoWhenEveryEndpointRefuses() {
        endpointA.close();
        endpointB.close();
        endpointA = null;
        endpointB = null;
        assertThatThrownBy(() -> binder().connect("echo")).isInstanceOf(IOException.class)
                .hasMessageContaining("no endpoint of echo accepted a connection");
    }
}
