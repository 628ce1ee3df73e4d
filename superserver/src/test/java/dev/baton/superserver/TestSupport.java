package dev.baton.superserver;

import dev.baton.common.config.ConfigLoader;
import dev.baton.superserver.config.SuperserverConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/** Shared test helpers: a superserver or its config from YAML text, a settable clock, descriptor counts, socket reads. */
public final class TestSupport {
    private TestSupport() {}

    /** Starts a real superserver with its admin port on 0 and {@code dir} as its run-dir; {@code yaml} says the rest. */
    public static Superserver start(Path dir, String yaml) throws IOException, StartupException {
        return Superserver.start(config(dir, "admin-port: 0\nrun-dir: " + dir + "\n" + yaml), Clock.systemUTC());
    }

    /** Loads {@code yaml} as a services file written to {@code dir}. */
    public static SuperserverConfig config(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("services-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(SuperserverConfig.class, file, Map.of(), Map.of());
    }

    public static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** What the open descriptors are (socket, pipe, anon_inode, file), for failure messages. */
    public static String descriptorKinds() throws IOException {
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        java.util.Set<String> unix = new java.util.HashSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
            String[] w = line.trim().split("\\s+");
            if (w.length > 6) {
                unix.add(w[6]);
            }
        }
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue;
                }
                String kind = target.startsWith("/") ? "file" : target.replaceAll(":.*", "");
                if (kind.equals("socket") && unix.contains(target.replaceAll("\\D", ""))) {
                    kind = "unix-socket";
                }
                kinds.merge(kind, 1, Integer::sum);
            }
        }
        return kinds.toString();
    }

    public static String readAll(Socket s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.getInputStream().transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A nanosecond clock tests move by hand. */
    public static final class MutableNanos implements java.util.function.LongSupplier {
        private volatile long now = 1_000_000_000L;

        public void advance(Duration d) {
            now += d.toNanos();
        }

        @Override
        public long getAsLong() {
            return now;
        }
    }
}
