package dev.baton.superserver.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address block such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a
 * single host. IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}) match IPv4 blocks.
 */
public record Cidr(byte[] network, int prefix, String text) {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    /** Parses {@code value}; the failure message names {@code key} and the value. */
    public static Cidr parse(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException(key + ": 'null' (expected: an address block such as 10.0.0.0/8)");
        }
        String v = value.trim();
        int slash = v.indexOf('/');
        String address = slash < 0 ? v : v.substring(0, slash);
        // Only literals: a host name here would make InetAddress resolve it through DNS.
        if (!LITERAL.matcher(address).matches()) {
            throw bad(key, value);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw bad(key, value);
        }
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(v.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw bad(key, value);
        }
        if (prefix < 0 || prefix > max) {
            throw bad(key, value);
        }
        return new Cidr(mask(bytes, prefix), prefix, v);
    }

    private static IllegalArgumentException bad(String key, String value) {
        return new IllegalArgumentException(key + ": '" + value + "' (expected: an address block such as 10.0.0.0/8 or fd00::/8)");
    }

    /** Whether {@code address} lies in this block. */
    public boolean contains(InetAddress address) {
        byte[] a = unmap(address.getAddress());
        return a.length == network.length && java.util.Arrays.equals(mask(a, prefix), network);
    }

    private static byte[] unmap(byte[] a) {
        if (a.length == 16) {
            boolean mapped = a[10] == (byte) 0xff && a[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = a[i] == 0;
            }
            if (mapped) {
                return java.util.Arrays.copyOfRange(a, 12, 16);
            }
        }
        return a;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - bits));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
