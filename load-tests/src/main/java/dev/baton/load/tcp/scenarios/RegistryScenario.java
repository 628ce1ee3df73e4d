package dev.baton.load.tcp.scenarios;

import dev.baton.load.tcp.Scenario;
import dev.baton.load.tcp.VirtualUser;
import java.io.IOException;
import java.time.Duration;

/**
 * The daemon registry's line protocol: connect, {@code PING} (expects {@code PONG}), then {@code lookups}
 * times {@code LOOKUP name}. Only PING and LOOKUP are used, and the LOOKUP answer's format is not assumed:
 * each LOOKUP is pipelined with a PING and the answer is every line up to that {@code PONG}, so the step
 * times a complete answer however many lines it has. An answer starting with {@code ERR} fails the step.
 */
public final class RegistryScenario {
    private static final int MAX_ANSWER_LINES = 10_000;

    private RegistryScenario() {}

    public static Scenario of(String service, int lookups, Duration pause) {
        if (service == null || service.isBlank() || service.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("service: '" + service + "' (expected: a name without spaces)");
        }
        if (lookups < 1) {
            throw new IllegalArgumentException("lookups: " + lookups + " (expected: >= 1)");
        }
        Scenario lookup = Scenario.scenario("registry").pause(pause).exec("LOOKUP", user -> lookup(user, service));
        return Scenario.scenario("registry")
                .exec("connect", VirtualUser::connect)
                .exec("PING", RegistryScenario::ping)
                .repeat(lookups, lookup);
    }

    static void ping(VirtualUser user) throws IOException {
        user.sendLine("PING");
        String reply = user.readLine();
        if (!reply.trim().equalsIgnoreCase("PONG")) {
            throw new IOException("PING answered '" + reply + "' (expected: PONG)");
        }
    }

    static int lookup(VirtualUser user, String service) throws IOException {
        user.sendLine("LOOKUP " + service);
        user.sendLine("PING");
        for (int lines = 0; lines < MAX_ANSWER_LINES; lines++) {
            String line = user.readLine().trim();
            if (line.equalsIgnoreCase("PONG")) {
                return lines;
            }
            if (line.toUpperCase(java.util.Locale.ROOT).startsWith("ERR")) {
                throw new IOException("LOOKUP " + service + " answered '" + line + "'");
            }
        }
        throw new IOException("LOOKUP " + service + " answer longer than " + MAX_ANSWER_LINES + " lines");
    }
}
