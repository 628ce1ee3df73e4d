package dev.baton.superserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.Registration;
import dev.baton.common.testing.MutableClock;
import dev.baton.common.testing.TestingZooKeeper;
import dev.baton.common.zk.ZooKeeperClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * The example session of {@code docs/registry-protocol.md}, replayed against the protocol over a ZooKeeper
 * table that holds two app servers registered the way the app tier registers them.
 */
class RegistryProtocolDocTest {
    private static final Path DOC = Path.of("..", "docs", "registry-protocol.md");
    private static final Set<String> COMMANDS = Set.of("PING", "REGISTER", "RENEW", "UNREGISTER", "LOOKUP", "DUMP");

    @Test
    void theDocsExampleSessionGetsTheRepliesItShows() throws Exception {
        List<String> session = exampleSession();
        assertThat(session).as("example session in " + DOC).isNotEmpty();
        try (TestingServer zk = TestingZooKeeper.started();
             CuratorFramework curator = ZooKeeperClients.start(zk.getConnectString(), Duration.ofSeconds(5), Duration.ofSeconds(10));
             Discovery discovery = Discovery.start(curator);
             Registration app1 = discovery.register("app", "app-1", appServer(9001));
             Registration app2 = discovery.register("app", "app-2", appServer(9002));
             ZooKeeperRegistryTable table = new ZooKeeperRegistryTable(discovery,
                     new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), Duration.ofSeconds(30), 100)) {
            RegistryProtocol protocol = new RegistryProtocol(table, "change-me-please", 16384);
            Map<String, String> docToReal = new HashMap<>();
            int i = 0;
            while (i < session.size()) {
                String request = session.get(i++);
                List<String> shown = new ArrayList<>();
                while (i < session.size() && !isRequest(session.get(i))) {
                    shown.add(session.get(i++));
                }
                List<String> reply = protocol.execute(replace(request, docToReal));
                if (request.startsWith("REGISTER ") && reply.get(0).startsWith("OK ")) {
                    learnIdAndSecret(shown.get(0), reply.get(0), docToReal);
                }
                assertThat(reply).as(request).containsExactlyElementsOf(shown.stream().map(l -> replace(l, docToReal)).toList());
            }
        }
    }

    /** What AppNode registers: its version is its jar's Implementation-Version, "dev" without one, and Baton's jars carry none. */
    private static InstanceDetails appServer(int port) {
        return new InstanceDetails("127.0.0.1", port, port, "/run/sockets/app/handoff.sock", "host-1", 1, null, "fsm", "dev");
    }

    /** The lines of the fenced block under "## Example", without the shell prompt line. */
    private static List<String> exampleSession() throws Exception {
        List<String> lines = Files.readAllLines(DOC);
        List<String> example = lines.subList(lines.indexOf("## Example"), lines.size());
        List<String> session = new ArrayList<>();
        for (String line : example.subList(example.indexOf("```") + 1, example.size())) {
            if (line.equals("```")) {
                break;
            }
            if (!line.startsWith("$ ")) {
                session.add(line);
            }
        }
        return session;
    }

    private static boolean isRequest(String line) {
        return COMMANDS.contains(line.split(" ")[0].toUpperCase(Locale.ROOT));
    }

    // The doc shows one id and secret; a run gets fresh random ones.
    private static void learnIdAndSecret(String shown, String reply, Map<String, String> docToReal) {
        String[] doc = shown.split(" ");
        String[] real = reply.split(" ");
        docToReal.put(doc[1], real[1]);
        docToReal.put(doc[2], real[2]);
    }

    private static String replace(String line, Map<String, String> docToReal) {
        String out = line;
        for (Map.Entry<String, String> e : docToReal.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }
}
