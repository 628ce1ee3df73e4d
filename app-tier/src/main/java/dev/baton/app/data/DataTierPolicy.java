package dev.baton.app.data;

import java.time.Duration;

/**
 * How the client guards data-tier calls.
 *
 * @param timeout           time limit of one attempt (Resilience4j TimeLimiter, and the HTTP request timeout)
 * @param maxAttempts       attempts per call, first one included (retries only for idempotent calls)
 * @param backoff           pause before the first retry; doubles (with jitter) for each next one
 * @param breakerOpen       how long an instance's breaker stays open before letting trial calls through
 * @param breakerWindow     calls in each instance's breaker window (also its minimum before it may open)
 * @param maxConcurrent     tier-wide bulkhead: calls in flight over all instances together; beyond it
 *                          calls fail at once with 503 (no queue of waiters, so no pile-up of threads)
 * @param maxConcurrentPerInstance each instance's own bulkhead; a full instance is skipped for another
 */
public record DataTierPolicy(Duration timeout, int maxAttempts, Duration backoff, Duration breakerOpen,
                             int breakerWindow, int maxConcurrent, int maxConcurrentPerInstance) {
    public DataTierPolicy {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
        }
        if (breakerWindow < 1) {
            throw new IllegalArgumentException("breakerWindow: " + breakerWindow + " (expected: >= 1)");
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent: " + maxConcurrent + " (expected: >= 1)");
        }
        if (maxConcurrentPerInstance < 1) {
            throw new IllegalArgumentException("maxConcurrentPerInstance: " + maxConcurrentPerInstance + " (expected: >= 1)");
        }
    }

    /** A policy whose instances may each take the whole tier's {@code maxConcurrent} (so one instance alone is not starved). */
    public DataTierPolicy(Duration timeout, int maxAttempts, Duration backoff, Duration breakerOpen,
                          int breakerWindow, int maxConcurrent) {
        this(timeout, maxAttempts, backoff, breakerOpen, breakerWindow, maxConcurrent, maxConcurrent);
    }

    /** 1 s per attempt, 3 attempts from 50 ms backoff, breakers open 5 s over a window of 20 calls, 256 concurrent (any one instance too). */
    public static DataTierPolicy defaults() {
        return new DataTierPolicy(Duration.ofSeconds(1), 3, Duration.ofMillis(50), Duration.ofSeconds(5), 20, 256);
    }
}
