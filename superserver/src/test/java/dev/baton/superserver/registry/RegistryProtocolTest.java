package dev.baton.superserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol over the in-memory table, time moved by hand. */
class RegistryProtocolTest {
    static final String TOKEN = "sesame-sesame";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryRegistryTable table = new InMemoryRegistryTable(clock, Duration.ofSeconds(30), 100);
    private final RegistryProtocol protocol = new RegistryProtocol(table, TOKEN, 1024);

    private String one(String line) {
        List<String> reply = protocol.execute(line);
        assertThat(reply).hasSize(1);
        return reply.get(0);
    }

    private String[] register(String name, String version, int port) {
        String reply = one("REGISTER " + name + " " + version + " 127.0.0.1 " + port + " " + TOKEN);
        assertThat(reply).matches("OK [0-9a-f]{16} [0-9a-f]{32} 30");
        return reply.split(" ");
    }

    @Test
    void pingAnswersPong() {
        assertThat(one("PING")).isEqualTo("PONG");
        assertThat(one("ping")).isEqualTo("PONG");
    }

    @Test
    void registerNeedsTheToken() {
        assertThat(one("REGISTER echo 1 127.0.0.1 7 wrong-token")).isEqualTo("ERR 401 bad token");
        assertThat(one("REGISTER echo 1 127.0.0.1 7")).startsWith("ERR 400");
        assertThat(new RegistryProtocol(table, null, 1024).execute("REGISTER echo 1 127.0.0.1 7 " + TOKEN).get(0))
                .startsWith("ERR 401 registration is disabled");
        assertThat(protocol.execute("LOOKUP echo")).containsExactly("OK 0 0");
    }

    @Test
    void onlyTheOwnerMayUnregisterOrRenew() {
        String[] mine = register("echo", "1", 7);
        String[] theirs = register("echo", "1", 8);
        assertThat(one("UNREGISTER " + mine[1] + " " + theirs[2])).startsWith("ERR 403");
        assertThat(one("RENEW " + mine[1] + " " + theirs[2])).startsWith("ERR 403");
        assertThat(protocol.execute("LOOKUP echo").get(0)).isEqualTo("OK 2 2");
        assertThat(one("UNREGISTER " + mine[1] + " " + mine[2])).isEqualTo("OK");
        assertThat(protocol.execute("LOOKUP echo")).hasSize(2).element(1).asString().contains(" 8 " + theirs[1]);
        assertThat(one("UNREGISTER " + mine[1] + " " + mine[2])).startsWith("ERR 404");
    }

    @Test
    void leasesExpireUnlessRenewed() {
        String[] a = register("svc", "1", 7);
        register("svc", "1", 8);
        clock.advance(Duration.ofSeconds(20));
        assertThat(one("RENEW " + a[1] + " " + a[2])).isEqualTo("OK 30");
        clock.advance(Duration.ofSeconds(15));
        List<String> reply = protocol.execute("LOOKUP svc");
        assertThat(reply).hasSize(2);
        assertThat(reply.get(0)).isEqualTo("OK 1 1");
        assertThat(reply.get(1)).isEqualTo("svc 1 127.0.0.1 7 " + a[1] + " 15");
        assertThat(table.expire()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(16));
        assertThat(protocol.execute("LOOKUP svc")).containsExactly("OK 0 0");
        assertThat(one("RENEW " + a[1] + " " + a[2])).startsWith("ERR 404");
    }

    @Test
    void lookupFiltersByVersion() {
        register("app", "1.0", 1);
        register("app", "2.0", 2);
        register("app", "2.0", 3);
        register("data", "2.0", 4);
        assertThat(protocol.execute("LOOKUP app")).hasSize(4).first().isEqualTo("OK 3 3");
        List<String> v2 = protocol.execute("LOOKUP app 2.0");
        assertThat(v2.get(0)).isEqualTo("OK 2 2");
        assertThat(v2.subList(1, 3)).allMatch(l -> l.startsWith("app 2.0 127.0.0.1 "));
        assertThat(protocol.execute("LOOKUP app 3.0")).containsExactly("OK 0 0");
    }

    @Test
    void dumpIsCappedAndSaysHowManyItLeftOut() {
        for (int i = 0; i < 50; i++) {
            register("service-" + i, "1", 1000 + i);
        }
        List<String> dump = protocol.execute("DUMP");
        int bytes = dump.stream().mapToInt(l -> l.length() + 2).sum();
        assertThat(bytes).isLessThanOrEqualTo(1024);
        String[] head = dump.get(0).split(" ");
        assertThat(head[0]).isEqualTo("OK");
        assertThat(Integer.parseInt(head[1])).isEqualTo(dump.size() - 1).isLessThan(50);
        assertThat(head[2]).isEqualTo("50");
    }

    @Test
    void malformedRequestsGetAnErrorNotAnException() {
        for (String bad : List.of("", "   ", "NOPE", "LOOKUP", "LOOKUP a b c", "LOOKUP ../etc", "REGISTER a 1 h 0 " + TOKEN,
                "REGISTER a 1 h 99999 " + TOKEN, "REGISTER a/b 1 h 1 " + TOKEN, "REGISTER a 1 h x " + TOKEN,
                "RENEW zz yy", "UNREGISTER", "PING extra", "DUMP x")) {
            assertThat(one(bad)).as(bad).startsWith("ERR 400");
        }
    }

    @Test
    void tableRefusesBeyondItsCapacity() {
        InMemoryRegistryTable small = new InMemoryRegistryTable(clock, Duration.ofSeconds(30), 2);
        RegistryProtocol p = new RegistryProtocol(small, TOKEN, 1024);
        p.execute("REGISTER a 1 h 1 " + TOKEN);
        p.execute("REGISTER a 1 h 2 " + TOKEN);
        assertThat(p.execute("REGISTER a 1 h 3 " + TOKEN).get(0)).startsWith("ERR 507");
    }
}
