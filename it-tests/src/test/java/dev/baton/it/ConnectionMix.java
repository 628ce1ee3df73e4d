package dev.baton.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client connections of every kind a switch meets, in a fixed rotation: complete requests, connections
 * closed at once, connections reset halfway through a request head and connections reset while the
 * answer is on its way. Only complete requests are expected to succeed; the others exist to exercise
 * every path on which a descriptor could be left behind.
 */
final class ConnectionMix {
    private static final byte[] REQUEST =
            "GET /whoami HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * What a run did: complete requests answered 200, connections abandoned on purpose, complete requests
     * that failed, and what went wrong with the first 20 of those.
     */
    record Outcome(int answered, int abandoned, int failed, List<String> failures) {}

    private ConnectionMix() {}

    /** Opens {@code total} connections to {@code port} from {@code threads} threads; five in eight are complete requests. */
    static Outcome run(int port, int total, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger abandoned = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        try {
                            if (one(port, i)) {
                                answered.incrementAndGet();
                            } else {
                                abandoned.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                            if (failures.size() < 20) {
                                failures.add("connection " + i + " (" + kind(i) + "): " + e);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(answered.get(), abandoned.get(), failed.get(), List.copyOf(failures));
    }

    private static String kind(int i) {
        return switch (i % 8) {
            case 1 -> "closed at once";
            case 3 -> "reset mid-head";
            case 5 -> "reset before the answer";
            default -> "complete request";
        };
    }

    /** One connection; true when it was a complete request answered 200, false when it was abandoned on purpose. */
    private static boolean one(int port, int i) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(10_000);
            switch (i % 8) {
                case 1 -> {
                    return false;
                }
                case 3 -> {
                    s.getOutputStream().write(REQUEST, 0, 7);
                    s.setSoLinger(true, 0); // close now sends RST
                    return false;
                }
                case 5 -> {
                    s.getOutputStream().write(REQUEST);
                    s.setSoLinger(true, 0);
                    return false;
                }
                default -> {
                    s.getOutputStream().write(REQUEST);
                    InputStream in = s.getInputStream();
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    in.transferTo(all);
                    String text = all.toString(StandardCharsets.ISO_8859_1);
                    if (!text.startsWith("HTTP/1.1 200 ")) {
                        throw new IOException("unexpected answer: '" + text.lines().findFirst().orElse("") + "'");
                    }
                    return true;
                }
            }
        }
    }
}
