package dev.baton.superserver.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking client of the daemon registry's line protocol, one connection per instance. Not thread-safe.
 *
 * <pre>{@code
 * try (RegistryClient c = RegistryClient.connect(new InetSocketAddress("localhost", 7111), Duration.ofSeconds(2))) {
 *     List<RegistryClient.Entry> app = c.lookup("app", null);
 * }
 * }</pre>
 */
public final class RegistryClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    /** One endpoint as LOOKUP returns it; {@code leaseSeconds} is -1 when it has no lease. */
    public record Entry(String name, String version, String host, int port, String id, long leaseSeconds) {
        static Entry parse(String line) throws IOException {
            String[] w = line.split(" ");
            if (w.length != 6) {
                throw new IOException("malformed endpoint line: " + line);
            }
            try {
                return new Entry(w[0], w[1], w[2], Integer.parseInt(w[3]), w[4], w[5].equals("-") ? -1 : Long.parseLong(w[5]));
            } catch (NumberFormatException e) {
                throw new IOException("malformed endpoint line: " + line, e);
            }
        }

        public InetSocketAddress address() {
            return InetSocketAddress.createUnresolved(host, port);
        }
    }

    /** What REGISTER returned: keep the secret to RENEW and UNREGISTER. */
    public record Registration(String id, String secret, long leaseSeconds) {}

    private RegistryClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        this.out = socket.getOutputStream();
    }

    public static RegistryClient connect(InetSocketAddress registry, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(registry, (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            return new RegistryClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    public void ping() throws IOException {
        expect(request("PING"), "PONG");
    }

    public Registration register(String name, String version, String host, int port, String token) throws IOException {
        String[] w = ok(request("REGISTER " + name + " " + version + " " + host + " " + port + " " + token));
        return new Registration(w[1], w[2], Long.parseLong(w[3]));
    }

    public long renew(Registration r) throws IOException {
        return Long.parseLong(ok(request("RENEW " + r.id() + " " + r.secret()))[1]);
    }

    public void unregister(Registration r) throws IOException {
        ok(request("UNREGISTER " + r.id() + " " + r.secret()));
    }

    /** Every live endpoint of {@code name} ({@code version} null: any version). */
    public List<Entry> lookup(String name, String version) throws IOException {
        return entries(version == null ? "LOOKUP " + name : "LOOKUP " + name + " " + version);
    }

    public List<Entry> dump() throws IOException {
        return entries("DUMP");
    }

    private List<Entry> entries(String line) throws IOException {
        String[] w = ok(request(line));
        int n = Integer.parseInt(w[1]);
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Entry.parse(readLine()));
        }
        return out;
    }

    /** Sends one line and returns the first reply line. */
    public String request(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readLine();
    }

    private String readLine() throws IOException {
        String l = in.readLine();
        if (l == null) {
            throw new IOException("registry closed the connection");
        }
        return l;
    }

    private static String[] ok(String reply) throws IOException {
        if (!reply.startsWith("OK")) {
            throw new RegistryRefusedException(reply);
        }
        return reply.split(" ");
    }

    private static void expect(String reply, String expected) throws IOException {
        if (!reply.equals(expected)) {
            throw new RegistryRefusedException(reply);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
