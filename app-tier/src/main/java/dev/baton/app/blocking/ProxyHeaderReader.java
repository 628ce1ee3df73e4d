package dev.baton.app.blocking;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Reads an optional PROXY protocol header (v1 text or v2 binary) at the start of a connection. If
 * the first bytes are not a PROXY signature, the stream is reset and nothing is consumed.
 */
final class ProxyHeaderReader {
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final int V1_MAX = 107;

    private ProxyHeaderReader() {}

    /**
     * The client address the header names, or null when there is no header (or it says LOCAL /
     * UNKNOWN). {@code in} must support mark/reset.
     */
    static InetSocketAddress read(InputStream in) throws IOException, HttpParseException {
        in.mark(V2.length);
        int first = in.read();
        if (first == V1[0]) {
            return matches(in, V1, first) ? readV1(in) : reset(in);
        }
        if (first == V2[0]) {
            return matches(in, V2, first) ? readV2(in) : reset(in);
        }
        return reset(in);
    }

    private static InetSocketAddress reset(InputStream in) throws IOException {
        in.reset();
        return null;
    }

    private static boolean matches(InputStream in, byte[] signature, int first) throws IOException {
        if (first != signature[0]) {
            return false;
        }
        for (int i = 1; i < signature.length; i++) {
            if (in.read() != (signature[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static InetSocketAddress readV1(InputStream in) throws IOException, HttpParseException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0 || line.length() > V1_MAX) {
                throw bad("PROXY v1 header too long or cut short");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        String[] parts = line.toString().split(" ");
        if (parts.length >= 1 && "UNKNOWN".equals(parts[0])) {
            return null;
        }
        if (parts.length != 5 || !(parts[0].equals("TCP4") || parts[0].equals("TCP6"))) {
            throw bad("malformed PROXY v1 header");
        }
        // Only literals reach getByName (which then does no lookup): a name would mean a DNS query.
        if (!parts[1].matches("[0-9.]{7,15}|[0-9a-fA-F:.]{2,45}")) {
            throw bad("malformed PROXY v1 address: " + parts[1]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(parts[1]), Integer.parseInt(parts[3]));
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            throw bad("malformed PROXY v1 address: " + parts[1]);
        }
    }

    private static InetSocketAddress readV2(InputStream in) throws IOException, HttpParseException {
        int versionCommand = readByte(in);
        int family = readByte(in);
        int length = readByte(in) << 8 | readByte(in);
        byte[] rest = in.readNBytes(length);
        if (rest.length != length || (versionCommand & 0xF0) != 0x20) {
            throw bad("malformed PROXY v2 header");
        }
        if ((versionCommand & 0x0F) == 0) {
            return null; // LOCAL: a health check by the proxy itself
        }
        int addressBytes = switch (family >> 4) {
            case 1 -> 4;
            case 2 -> 16;
            default -> 0;
        };
        if (addressBytes == 0) {
            return null;
        }
        if (rest.length < 2 * addressBytes + 4) {
            throw bad("PROXY v2 header too short for its address family");
        }
        byte[] source = java.util.Arrays.copyOfRange(rest, 0, addressBytes);
        int port = (rest[2 * addressBytes] & 0xFF) << 8 | rest[2 * addressBytes + 1] & 0xFF;
        return new InetSocketAddress(InetAddress.getByAddress(source), port);
    }

    private static int readByte(InputStream in) throws IOException, HttpParseException {
        int b = in.read();
        if (b < 0) {
            throw bad("PROXY v2 header cut short");
        }
        return b;
    }

    private static HttpParseException bad(String message) {
        return new HttpParseException(HttpResponseStatus.BAD_REQUEST, message);
    }
}
