package dev.baton.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The test's side of a {@link NetnsClient} running on a client host: every request it makes is a new TCP
 * connection from that host's address. One command at a time; the load loop runs inside the agent.
 */
final class ClientHost implements AutoCloseable {
    record Reply(int status, String body, String local) {}

    /** A failed load connection: when it was opened (ms since the load started) and what went wrong. */
    record Failure(long startMs, String message) {}

    record LoadStats(long ok, long failures, long maxMs, Map<String, Long> byId, List<Failure> failureSamples) {}

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private ClientHost(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the agent under {@code wrapper} ({@code ip netns exec <ns>}) with this test JVM's java. */
    static ClientHost start(List<String> wrapper, String java, Path log) throws IOException {
        String classes;
        try {
            classes = Path.of(NetnsClient.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", classes, NetnsClient.class.getName()));
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new ClientHost(p);
    }

    long pid() {
        return process.pid();
    }

    Reply http(String method, String host, int port, String path, String body) {
        String[] r = call("HTTP", method, host, Integer.toString(port), path, b64(body));
        return new Reply(Integer.parseInt(r[1]), unb64(r[2]), r[3]);
    }

    Reply get(String host, int port, String path) {
        return http("GET", host, port, path, "");
    }

    /** GET {@code url} ({@code http://host:port/path}); its status, or -1 when it could not connect. */
    int status(String url) {
        URI u = URI.create(url);
        try {
            return get(u.getHost(), u.getPort(), u.getRawPath()).status();
        } catch (AgentError e) {
            return -1;
        }
    }

    String body(String url) {
        URI u = URI.create(url);
        Reply r = get(u.getHost(), u.getPort(), u.getRawPath());
        if (r.status() != 200) {
            throw new AgentError("GET " + url + " -> " + r.status() + " " + r.body());
        }
        return r.body();
    }

    /** Sends {@code payload} on a new connection and reads until the peer closes (ZooKeeper four-letter words). */
    String raw(String host, int port, String payload) {
        return unb64(call("RAW", host, Integer.toString(port), b64(payload))[1]);
    }

    void startLoad(String host, int port, String path, int threads) {
        call("LOAD", host, Integer.toString(port), path, Integer.toString(threads));
    }

    /** Now, in ms since the load started: the clock {@link Failure#startMs()} is measured on. */
    long mark() {
        return Long.parseLong(call("MARK")[1]);
    }

    LoadStats stats() {
        return parse(call("STATS"));
    }

    LoadStats stopLoad() {
        return parse(call("STOP"));
    }

    private static LoadStats parse(String[] r) {
        Map<String, Long> byId = new LinkedHashMap<>();
        if (!r[4].isEmpty()) {
            for (String kv : r[4].split(",")) {
                String[] p = kv.split("=", 2);
                byId.put(p[0], Long.parseLong(p[1]));
            }
        }
        List<Failure> failures = new ArrayList<>();
        for (String line : unb64(r[5]).split("\n")) {
            if (!line.isBlank()) {
                String[] p = line.split(" ", 2);
                failures.add(new Failure(Long.parseLong(p[0]), p.length > 1 ? p[1] : ""));
            }
        }
        return new LoadStats(Long.parseLong(r[1]), Long.parseLong(r[2]), Long.parseLong(r[3]), byId, failures);
    }

    private synchronized String[] call(String... fields) {
        try {
            in.write(String.join("\t", fields) + "\n");
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new AgentError("the client agent exited" + (process.isAlive() ? "" : " with code " + process.exitValue()));
            }
            String[] r = line.split("\t", -1);
            if (!r[0].equals("OK")) {
                throw new AgentError(String.join(" ", fields[0], fields.length > 2 ? fields[2] : "") + ": "
                        + (r.length > 1 ? r[1] : line));
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("client agent: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            in.close(); // the agent stops its load and exits when stdin closes
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    /** The agent could not do what was asked (connection refused, timeout, ...). */
    static final class AgentError extends RuntimeException {
        AgentError(String message) {
            super(message);
        }
    }
}
