package dev.baton.fswitch.relay;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission of new client connections: the global maxconn and a per-source-address connection rate
 * (a Resilience4j RateLimiter per address). 0 means unlimited for both.
 */
public final class ConnectionGate {
    private static final int MAX_TRACKED_SOURCES = 100_000;

    private final int maxConnections;
    private final RateLimiterConfig rate;
    private final AtomicInteger open;
    private final ConcurrentMap<InetAddress, RateLimiter> limiters = new ConcurrentHashMap<>();

    /** A gate that shares its count of open connections with {@code previous} (a reload keeps counting). */
    public ConnectionGate(int maxConnections, int sourceRatePerSecond, ConnectionGate previous) {
        this.maxConnections = maxConnections;
        this.open = previous != null ? previous.open : new AtomicInteger();
        this.rate = sourceRatePerSecond <= 0 ? null : RateLimiterConfig.custom()
                .limitForPeriod(sourceRatePerSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    /** Takes a connection slot, or returns a reason to refuse the connection. */
    String admit(InetAddress source) {
        if (rate != null && source != null && !limiter(source).acquirePermission()) {
            return "source rate limit";
        }
        if (maxConnections > 0 && open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return "max-connections " + maxConnections;
        }
        if (maxConnections <= 0) {
            open.incrementAndGet();
        }
        return null;
    }

    void release() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }

    private RateLimiter limiter(InetAddress source) {
        if (limiters.size() > MAX_TRACKED_SOURCES) {
            limiters.clear(); // bounded memory against address sprays; a reset only forgives some clients
        }
        return limiters.computeIfAbsent(source, a -> RateLimiter.of(a.getHostAddress(), rate));
    }
}
