package dev.baton.common.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Checks of the config keys that name network addresses, so that a typo is refused when the config is read,
 * naming the key and the value, rather than when a socket or the ZooKeeper client fails on it later with a
 * message that names neither (a bind address that does not resolve fails in Netty with no message at all).
 */
public final class Addresses {
    /** A DNS name or IPv4 literal as written (RFC 1123 letters, digits, hyphens, dots; underscores as Compose names allow). */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");

    private Addresses() {}

    /** A listen address: an IP literal or a host name that resolves. */
    public static String bind(String key, String value) {
        Check.notBlank(key, value);
        try {
            InetAddress.getByName(value.strip());
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' (expected: an address of this host, such as 0.0.0.0)");
        }
        return value.strip();
    }

    /**
     * A ZooKeeper connect string: {@code host[:port]} entries separated by commas, then an optional
     * {@code /chroot}; IPv6 hosts in brackets. Host names are not resolved here: ZooKeeper's client resolves
     * them on every connect, and a name may resolve only later (a Compose service still starting).
     */
    public static String zookeeper(String key, String value) {
        Check.notBlank(key, value);
        String servers = value.strip();
        int chroot = servers.indexOf('/');
        if (chroot >= 0) {
            servers = servers.substring(0, chroot);
        }
        for (String server : servers.split(",", -1)) {
            String s = server.strip();
            String host = s;
            String port = null;
            if (s.startsWith("[")) {
                int end = s.indexOf(']');
                host = end < 0 ? "" : s.substring(1, end);
                String rest = end < 0 ? "" : s.substring(end + 1);
                if (end < 0 || (!rest.isEmpty() && !rest.startsWith(":"))) {
                    throw bad(key, value, server);
                }
                port = rest.isEmpty() ? null : rest.substring(1);
            } else if (s.indexOf(':') >= 0) {
                host = s.substring(0, s.lastIndexOf(':'));
                port = s.substring(s.lastIndexOf(':') + 1);
            }
            boolean hostOk = s.startsWith("[") ? IPV6_LITERAL.matcher(host).matches() : HOST_NAME.matcher(host).matches();
            if (!hostOk || port != null && !isPort(port)) {
                throw bad(key, value, server);
            }
        }
        return value.strip();
    }

    /** {@code none} (in any case), which turns ZooKeeper off, or a connect string that {@link #zookeeper} accepts. */
    public static String zookeeperOrNone(String key, String value) {
        return "none".equalsIgnoreCase(Check.notBlank(key, value).strip()) ? "none" : zookeeper(key, value);
    }

    /** Whether {@code port} is a TCP port number, 1-65535, in plain digits. */
    public static boolean isPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535;
    }

    private static IllegalArgumentException bad(String key, String value, String server) {
        return new IllegalArgumentException(key + ": '" + value + "' (expected: host:port[,host:port...][/chroot] with "
                + "ports 1-65535; '" + server.strip() + "' is not)");
    }
}
