package dev.baton.load.tcp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One arriving user's session: at most one TCP connection to the target, with line and byte helpers for
 * actions. Closed by the runner after the scenario's last step.
 */
public final class VirtualUser implements AutoCloseable {
    private static final int MAX_LINE = 64 * 1024;

    private final Target target;
    private final long id;
    private final Duration ioTimeout;
    private final Map<String, Object> session = new HashMap<>();
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public VirtualUser(Target target, long id, Duration ioTimeout) {
        this.target = target;
        this.id = id;
        this.ioTimeout = ioTimeout;
    }

    /** This user's number within the run, from 0. */
    public long id() {
        return id;
    }

    /** Keeps {@code value} for this user's later steps, as Gatling's session does (one user runs on one thread). */
    public void set(String key, Object value) {
        session.put(key, value);
    }

    /** What an earlier step of this user {@link #set}; a missing key is a scenario bug. */
    public <T> T get(String key, Class<T> type) {
        Object value = session.get(key);
        if (value == null) {
            throw new IllegalStateException("session key '" + key + "' was never set (an earlier step must set it)");
        }
        return type.cast(value);
    }

    /** Opens the connection (closing a previous one). */
    public void connect() throws IOException {
        close();
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(target.address(), (int) ioTimeout.toMillis());
        s.setSoTimeout((int) ioTimeout.toMillis());
        socket = s;
        in = new BufferedInputStream(s.getInputStream());
        out = s.getOutputStream();
    }

    public void send(byte[] bytes) throws IOException {
        requireConnected().write(bytes);
        out.flush();
    }

    public void sendLine(String line) throws IOException {
        send((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Reads exactly {@code n} bytes, failing on EOF. */
    public byte[] readExactly(int n) throws IOException {
        requireConnected();
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new IOException("connection closed after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    /** Reads one line without its {@code \n} or {@code \r\n}, failing on EOF. */
    public String readLine() throws IOException {
        requireConnected();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed mid-line after " + line.size() + " bytes");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Reads until the peer closes; returns what was read. */
    public byte[] readToEnd() throws IOException {
        return requireConnected() == null ? new byte[0] : in.readAllBytes();
    }

    /** Sends {@code line} and checks the reply is the same line (an echo service). */
    public void exchangeLine(String line) throws IOException {
        sendLine(line);
        String reply = readLine();
        if (!reply.equals(line)) {
            throw new IOException("echo mismatch: sent '" + line + "', got '" + abbreviate(reply) + "'");
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a load-test socket: nothing to do about a failure
            }
            socket = null;
            in = null;
            out = null;
        }
    }

    private OutputStream requireConnected() throws IOException {
        if (socket == null) {
            throw new IOException("not connected: the scenario must connect before it sends or reads");
        }
        return out;
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
