package dev.baton.superserver.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Binds a client to a service by name: looks it up through the daemon registry, connects to one of its
 * endpoints, and fails over to the next when one refuses. Lookups are cached for {@code cacheTtl}, and
 * never longer than the shortest lease among the endpoints; when every cached endpoint refuses, the
 * binder looks the service up again once before giving up. Thread-safe.
 *
 * <pre>{@code
 * Binder binder = Binder.builder().registry(new InetSocketAddress("localhost", 7111)).build();
 * try (Socket s = binder.connect("echo")) { ... }
 * }</pre>
 */
public final class Binder {
    private record Cached(List<RegistryClient.Entry> entries, long expiresAtMillis) {}

    private final List<InetSocketAddress> registries;
    private final Duration cacheTtl;
    private final Duration connectTimeout;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger lookups = new AtomicInteger();

    private Binder(Builder b) {
        this.registries = List.copyOf(b.registries);
        this.cacheTtl = b.cacheTtl;
        this.connectTimeout = b.connectTimeout;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A connected socket to some endpoint of {@code service}, any version. */
    public Socket connect(String service) throws IOException {
        return connect(service, null);
    }

    /** A connected socket to some endpoint of {@code service} of {@code version} (null: any). */
    public Socket connect(String service, String version) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            List<RegistryClient.Entry> entries = endpoints(service, version, attempt > 0);
            int start = Math.floorMod(next.getAndIncrement(), Math.max(1, entries.size()));
            for (int i = 0; i < entries.size(); i++) {
                RegistryClient.Entry e = entries.get((start + i) % entries.size());
                try {
                    return open(e);
                } catch (IOException refused) {
                    last = refused;
                }
            }
        }
        String what = service + (version == null ? "" : " " + version);
        throw new IOException("no endpoint of " + what + " accepted a connection"
                + (last == null ? " (none registered)" : ": " + last.getMessage()), last);
    }

    private Socket open(RegistryClient.Entry e) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(e.host(), e.port()), (int) connectTimeout.toMillis());
            return s;
        } catch (IOException ex) {
            s.close();
            throw new IOException(e.host() + ":" + e.port() + ": " + ex.getMessage(), ex);
        }
    }

    /** The cached endpoints of {@code service}, looked up again when stale or when {@code refresh}. */
    public List<RegistryClient.Entry> endpoints(String service, String version, boolean refresh) throws IOException {
        String key = version == null ? service : service + " " + version;
        Cached c = cache.get(key);
        long now = clock.millis();
        if (refresh || c == null || now >= c.expiresAtMillis()) {
            List<RegistryClient.Entry> entries = lookup(service, version);
            long ttl = cacheTtl.toMillis();
            for (RegistryClient.Entry e : entries) {
                if (e.leaseSeconds() >= 0) {
                    ttl = Math.min(ttl, e.leaseSeconds() * 1000);
                }
            }
            c = new Cached(entries, now + ttl);
            cache.put(key, c);
        }
        return c.entries();
    }

    private List<RegistryClient.Entry> lookup(String service, String version) throws IOException {
        lookups.incrementAndGet();
        List<IOException> failures = new ArrayList<>();
        for (InetSocketAddress registry : registries) {
            try (RegistryClient client = RegistryClient.connect(registry, connectTimeout)) {
                return client.lookup(service, version);
            } catch (RegistryRefusedException e) {
                throw e;
            } catch (IOException e) {
                failures.add(e);
            }
        }
        IOException e = new IOException("no registry answered (" + registries + ")");
        failures.forEach(e::addSuppressed);
        throw e;
    }

    /** Registry lookups made so far (cache misses). */
    public int lookups() {
        return lookups.get();
    }

    public static final class Builder {
        private final List<InetSocketAddress> registries = new ArrayList<>();
        private Duration cacheTtl = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Clock clock = Clock.systemUTC();

        /** A registry daemon to ask; several are tried in order. */
        public Builder registry(InetSocketAddress address) {
            registries.add(address);
            return this;
        }

        /** Longest a lookup is reused (default 10 s). */
        public Builder cacheTtl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("cacheTtl: " + ttl + " (expected: >= 0)");
            }
            this.cacheTtl = ttl;
            return this;
        }

        /** Connect and read timeout for registries and endpoints (default 2 s). */
        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout: " + timeout + " (expected: > 0)");
            }
            this.connectTimeout = timeout;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Binder build() {
            if (registries.isEmpty()) {
                throw new IllegalArgumentException("registries: [] (expected: at least one registry address)");
            }
            return new Binder(this);
        }
    }
}
