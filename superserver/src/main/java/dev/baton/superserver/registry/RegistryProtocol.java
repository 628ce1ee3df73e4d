package dev.baton.superserver.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Executes one request line of the registry protocol ({@code docs/registry-protocol.md}) against a
 * table and returns the reply lines. Pure and blocking (the table may be ZooKeeper): the Netty
 * handler calls it off the event loop.
 */
public final class RegistryProtocol {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,32}");
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,253}");
    static final Pattern HEX = Pattern.compile("[0-9a-f]{1,64}");

    private final RegistryTable table;
    private final byte[] token;
    private final int maxReplyBytes;

    /** {@code token} null refuses every REGISTER. */
    public RegistryProtocol(RegistryTable table, String token, int maxReplyBytes) {
        this.table = table;
        this.token = token == null ? null : token.getBytes(StandardCharsets.US_ASCII);
        this.maxReplyBytes = maxReplyBytes;
    }

    /** The reply to {@code line} (without its line end); never throws for bad input. */
    public List<String> execute(String line) {
        try {
            return run(line.trim().split(" +"));
        } catch (RegistryException e) {
            return List.of(error(e.code(), e.getMessage()));
        }
    }

    public static String error(int code, String message) {
        return "ERR " + code + " " + message.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private List<String> run(String[] w) throws RegistryException {
        String command = w[0].toUpperCase(Locale.ROOT);
        return switch (command) {
            case "PING" -> args(w, 1, 1, List.of("PONG"));
            case "REGISTER" -> register(w);
            case "RENEW" -> List.of("OK " + table.renew(hex(args(w, 3, 3, w)[1]), hex(w[2])));
            case "UNREGISTER" -> {
                table.unregister(hex(args(w, 3, 3, w)[1]), hex(w[2]));
                yield List.of("OK");
            }
            case "LOOKUP" -> endpoints(table.lookup(match(NAME, "name", args(w, 2, 3, w)[1]),
                    w.length == 3 ? match(VERSION, "version", w[2]) : null));
            case "DUMP" -> endpoints(args(w, 1, 1, table).dump());
            case "" -> throw bad("empty request");
            default -> throw bad("unknown command (expected PING, REGISTER, RENEW, UNREGISTER, LOOKUP or DUMP)");
        };
    }

    private List<String> register(String[] w) throws RegistryException {
        args(w, 6, 6, w);
        String name = match(NAME, "name", w[1]);
        String version = match(VERSION, "version", w[2]);
        String host = match(HOST, "host", w[3]);
        int port = port(w[4]);
        if (token == null) {
            throw new RegistryException(RegistryException.UNAUTHORIZED, "registration is disabled (no token configured)");
        }
        if (!MessageDigest.isEqual(token, w[5].getBytes(StandardCharsets.US_ASCII))) {
            throw new RegistryException(RegistryException.UNAUTHORIZED, "bad token");
        }
        Registered r = table.register(name, version, host, port);
        return List.of("OK " + r.id() + " " + r.secret() + " " + r.leaseSeconds());
    }

    /** {@code OK shown total}, then one line per endpoint while the reply stays under the cap. */
    private List<String> endpoints(List<Endpoint> all) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        int bytes = 32;
        for (Endpoint e : all) {
            String l = e.line();
            if (bytes + l.length() + 1 > maxReplyBytes) {
                break;
            }
            bytes += l.length() + 1;
            lines.add(l);
        }
        lines.set(0, "OK " + (lines.size() - 1) + " " + all.size());
        return lines;
    }

    private static <T> T args(String[] w, int min, int max, T result) throws RegistryException {
        if (w.length < min || w.length > max) {
            throw bad(w[0].toUpperCase(Locale.ROOT) + " takes " + (min == max ? min - 1 : (min - 1) + "-" + (max - 1))
                    + " argument(s), got " + (w.length - 1));
        }
        return result;
    }

    private static String match(Pattern p, String what, String value) throws RegistryException {
        if (!p.matcher(value).matches()) {
            throw bad("bad " + what);
        }
        return value;
    }

    private static String hex(String value) throws RegistryException {
        return match(HEX, "id or secret", value);
    }

    private static int port(String value) throws RegistryException {
        try {
            int p = Integer.parseInt(value);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw bad("bad port (expected 1-65535)");
    }

    private static RegistryException bad(String message) {
        return new RegistryException(RegistryException.BAD_REQUEST, message);
    }
}
