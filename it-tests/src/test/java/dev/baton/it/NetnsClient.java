package dev.baton.it;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client host's agent: a small JVM (JDK classes only) that the test starts with {@code ip netns exec
 * <client-ns>}, so every socket it opens comes from the client host's address. It reads one command a line
 * on stdin and answers one line on stdout; fields are tab-separated, payloads Base64.
 *
 * <ul>
 *   <li>{@code HTTP method host port path bodyB64} -> {@code OK status bodyB64 localIp:localPort} (one new
 *       connection, {@code Connection: close})</li>
 *   <li>{@code RAW host port payloadB64} -> {@code OK replyB64} (e.g. ZooKeeper's four-letter words)</li>
 *   <li>{@code LOAD host port path threads} -> {@code OK}: new connections in a loop until {@code STOP}</li>
 *   <li>{@code MARK} -> {@code OK ms}: milliseconds since the load started, on the clock failures are timed with</li>
 *   <li>{@code STATS} / {@code STOP} -> {@code OK ok failures maxMs id=n,... failuresB64}, the failures (first 20)
 *       one a line as {@code startMs message}, {@code startMs} when that connection was opened</li>
 * </ul>
 * Any failure answers {@code ERR message}.
 */
public final class NetnsClient {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final int CONNECT_TIMEOUT_MS = 3_000;
    private static final int READ_TIMEOUT_MS = 10_000;

    private final AtomicBoolean loading = new AtomicBoolean();
    private final List<Thread> loaders = new ArrayList<>();
    private final LongAdder ok = new LongAdder();
    private final AtomicLong maxMs = new AtomicLong();
    private final Map<String, LongAdder> ids = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong failureCount = new AtomicLong();
    private long loadStart;

    private NetnsClient() {}

    public static void main(String[] args) throws IOException {
        NetnsClient client = new NetnsClient();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String reply;
            try {
                reply = client.handle(line.split("\t", -1));
            } catch (Exception e) {
                reply = "ERR\t" + oneLine(e.toString());
            }
            out.print(reply + "\n");
            out.flush();
        }
        client.stop(); // stdin closed: the test is done
    }

    private String handle(String[] f) throws Exception {
        return switch (f[0]) {
            case "HTTP" -> {
                Reply r = http(f[1], f[2], Integer.parseInt(f[3]), f[4], new String(b64d(f[5]), StandardCharsets.UTF_8));
                yield "OK\t" + r.status + "\t" + b64(r.body.getBytes(StandardCharsets.UTF_8)) + "\t" + r.local;
            }
            case "RAW" -> "OK\t" + b64(raw(f[1], Integer.parseInt(f[2]), b64d(f[3])));
            case "LOAD" -> {
                startLoad(f[1], Integer.parseInt(f[2]), f[3], Integer.parseInt(f[4]));
                yield "OK";
            }
            case "MARK" -> "OK\t" + (System.nanoTime() - loadStart) / 1_000_000;
            case "STATS" -> stats();
            case "STOP" -> {
                stop();
                yield stats();
            }
            default -> "ERR\tunknown command " + f[0];
        };
    }

    record Reply(int status, String body, String local) {}

    static Reply http(String method, String host, int port, String path, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\nConnection: close\r\n");
        if (!method.equals("GET") || b.length > 0) {
            req.append("Content-Length: ").append(b.length).append("\r\n");
        }
        req.append("\r\n").append(body);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            String local = s.getLocalAddress().getHostAddress() + ":" + s.getLocalPort();
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP reply: '" + text + "'");
            }
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            return new Reply(status, split < 0 ? "" : text.substring(split + 4), local);
        }
    }

    private static byte[] raw(String host, int port, byte[] payload) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.getOutputStream().write(payload);
            s.getOutputStream().flush();
            return s.getInputStream().readAllBytes();
        }
    }

    private synchronized void startLoad(String host, int port, String path, int threads) {
        stop();
        ok.reset();
        maxMs.set(0);
        ids.clear();
        failures.clear();
        failureCount.set(0);
        loadStart = System.nanoTime();
        loading.set(true);
        for (int i = 0; i < threads; i++) {
            loaders.add(Thread.ofPlatform().name("load-" + i).start(() -> loadLoop(host, port, path)));
        }
    }

    private void loadLoop(String host, int port, String path) {
        while (loading.get()) {
            long start = System.nanoTime();
            try {
                Reply r = http("GET", host, port, path, "");
                long ms = (System.nanoTime() - start) / 1_000_000;
                maxMs.accumulateAndGet(ms, Math::max);
                if (r.status == 200) {
                    ok.increment();
                    Matcher m = ID.matcher(r.body);
                    ids.computeIfAbsent(m.find() ? m.group(1) : "?", k -> new LongAdder()).increment();
                } else {
                    fail(start, "status " + r.status + ": " + r.body);
                }
            } catch (IOException e) {
                fail(start, e.toString());
            }
            try {
                Thread.sleep(2); // a steady stream of new connections, not a flood
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void fail(long start, String what) {
        failureCount.incrementAndGet();
        if (failures.size() < 20) {
            failures.add((start - loadStart) / 1_000_000 + " " + oneLine(what));
        }
    }

    private synchronized void stop() {
        loading.set(false);
        for (Thread t : loaders) {
            try {
                t.join(READ_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 1_000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        loaders.clear();
    }

    private String stats() {
        Map<String, Long> byId = new TreeMap<>();
        ids.forEach((k, v) -> byId.put(k, v.sum()));
        StringBuilder idText = new StringBuilder();
        byId.forEach((k, v) -> idText.append(idText.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return "OK\t" + ok.sum() + "\t" + failureCount.get() + "\t" + maxMs.get() + "\t" + idText + "\t"
                + b64(String.join("\n", failures).getBytes(StandardCharsets.UTF_8));
    }

    private static String oneLine(String s) {
        return s.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] b64d(String s) {
        return Base64.getDecoder().decode(s);
    }
}
