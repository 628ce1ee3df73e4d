package dev.baton.load.tcp.scenarios;

import dev.baton.load.tcp.Scenario;
import dev.baton.load.tcp.VirtualUser;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The daemon registry's line protocol ({@code docs/registry-protocol.md}). Without a token each user connects,
 * sends {@code PING}, then {@code lookups} times {@code LOOKUP service}. With the registry token each user also
 * owns a service of its own: {@code REGISTER} a name unique to the run and the user, then per round
 * {@code LOOKUP} that name (must answer exactly its endpoint) and {@code LOOKUP service}, then {@code RENEW},
 * {@code UNREGISTER} and a last {@code LOOKUP} that must find nothing. Every answer is parsed; a wrong one
 * fails its step.
 *
 * <pre>{@code
 * RegistryScenario.of("app", 5, Duration.ofMillis(10), "local-dev-token")
 * }</pre>
 */
public final class RegistryScenario {
    static final String VERSION = "1.0";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,64}");
    private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]*");

    private RegistryScenario() {}

    /** Lookups only, as a client that never registers. */
    public static Scenario of(String service, int lookups, Duration pause) {
        return of(service, lookups, pause, null);
    }

    /** {@code token} null: lookups only; otherwise each user registers, looks up, renews and unregisters. */
    public static Scenario of(String service, int lookups, Duration pause, String token) {
        if (service == null || !NAME.matcher(service).matches()) {
            throw new IllegalArgumentException("service: '" + service + "' (expected: 1-64 of [A-Za-z0-9._-])");
        }
        if (lookups < 1) {
            throw new IllegalArgumentException("lookups: " + lookups + " (expected: >= 1)");
        }
        if (token != null && (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c > '~'))) {
            throw new IllegalArgumentException("token: '" + token.replaceAll(".", "*")
                    + "' (expected: printable ASCII without spaces)");
        }
        Scenario start = Scenario.scenario("registry")
                .exec("connect", VirtualUser::connect)
                .exec("PING", RegistryScenario::ping);
        if (token == null) {
            return start.repeat(lookups, Scenario.scenario("registry").pause(pause)
                    .exec("LOOKUP " + service, u -> lookupAny(u, service)));
        }
        // Names unique to this run, so a rerun against the same daemon never meets a leftover lease.
        String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        Scenario round = Scenario.scenario("registry").pause(pause)
                .exec("LOOKUP own", RegistryScenario::lookupOwn)
                .exec("LOOKUP " + service, u -> lookupAny(u, service));
        return start
                .exec("REGISTER", u -> register(u, new Own("load-" + run + "-" + u.id(), 1024 + (int) (u.id() % 60_000)), token))
                .repeat(lookups, round)
                .exec("RENEW", RegistryScenario::renew)
                .exec("UNREGISTER", RegistryScenario::unregister)
                .exec("LOOKUP gone", RegistryScenario::lookupGone);
    }

    /** The service a user registered, and the owner's id and secret once the registry answered. */
    record Own(String name, int port, String id, String secret) {
        Own(String name, int port) {
            this(name, port, null, null);
        }

        String endpointPrefix() {
            return name + " " + VERSION + " 127.0.0.1 " + port + " " + id + " ";
        }
    }

    static void ping(VirtualUser user) throws IOException {
        user.sendLine("PING");
        String reply = user.readLine();
        if (!reply.equals("PONG")) {
            throw wrong("PING", reply, "PONG");
        }
    }

    static void register(VirtualUser user, Own own, String token) throws IOException {
        user.sendLine("REGISTER " + own.name() + " " + VERSION + " 127.0.0.1 " + own.port() + " " + token);
        String reply = user.readLine();
        String[] w = reply.split(" ");
        if (w.length != 4 || !w[0].equals("OK") || !HEX.matcher(w[1]).matches() || !HEX.matcher(w[2]).matches()
                || !POSITIVE.matcher(w[3]).matches()) {
            throw wrong("REGISTER", reply, "OK <id> <secret> <lease>");
        }
        user.set("own", new Own(own.name(), own.port(), w[1], w[2]));
    }

    static void lookupOwn(VirtualUser user) throws IOException {
        Own own = user.get("own", Own.class);
        user.sendLine("LOOKUP " + own.name());
        String head = user.readLine();
        if (!head.equals("OK 1 1")) {
            throw wrong("LOOKUP own", head, "OK 1 1");
        }
        String line = user.readLine();
        if (!line.startsWith(own.endpointPrefix()) || !isLease(line.substring(own.endpointPrefix().length()))) {
            throw wrong("LOOKUP own", line, "its own endpoint, <name> " + VERSION + " 127.0.0.1 <port> <id> <lease>");
        }
    }

    /** Any number of endpoints, each a well-formed line of {@code service}. */
    static int lookupAny(VirtualUser user, String service) throws IOException {
        user.sendLine("LOOKUP " + service);
        String head = user.readLine();
        String[] w = head.split(" ");
        if (w.length != 3 || !w[0].equals("OK") || !w[1].matches("[0-9]+") || !w[2].matches("[0-9]+")
                || Integer.parseInt(w[1]) > Integer.parseInt(w[2])) {
            throw wrong("LOOKUP " + service, head, "OK <shown> <total>");
        }
        int shown = Integer.parseInt(w[1]);
        for (int i = 0; i < shown; i++) {
            String line = user.readLine();
            String[] e = line.split(" ");
            if (e.length != 6 || !e[0].equals(service) || !e[3].matches("[0-9]{1,5}") || !isLease(e[5])) {
                throw wrong("LOOKUP " + service, line, service + " <version> <host> <port> <id> <lease>");
            }
        }
        return shown;
    }

    static void renew(VirtualUser user) throws IOException {
        Own own = user.get("own", Own.class);
        user.sendLine("RENEW " + own.id() + " " + own.secret());
        String reply = user.readLine();
        if (!reply.startsWith("OK ") || !POSITIVE.matcher(reply.substring(3)).matches()) {
            throw wrong("RENEW", reply, "OK <lease>");
        }
    }

    static void unregister(VirtualUser user) throws IOException {
        Own own = user.get("own", Own.class);
        user.sendLine("UNREGISTER " + own.id() + " " + own.secret());
        String reply = user.readLine();
        if (!reply.equals("OK")) {
            throw wrong("UNREGISTER", reply, "OK");
        }
    }

    static void lookupGone(VirtualUser user) throws IOException {
        Own own = user.get("own", Own.class);
        user.sendLine("LOOKUP " + own.name());
        String head = user.readLine();
        if (!head.equals("OK 0 0")) {
            throw wrong("LOOKUP after UNREGISTER", head, "OK 0 0");
        }
    }

    private static boolean isLease(String value) {
        return value.equals("-") || value.matches("[0-9]+");
    }

    private static IOException wrong(String request, String answer, String expected) {
        String shown = answer.length() <= 80 ? answer : answer.substring(0, 80) + "...";
        return new IOException(request + " answered '" + shown + "' (expected: " + expected + ")");
    }
}
