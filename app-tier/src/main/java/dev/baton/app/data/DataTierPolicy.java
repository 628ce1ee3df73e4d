package dev.baton.app.data;

import java.time.Duration;

/**
 * How the client guards data-tier calls.
 *
 * @param timeout           time limit of one attempt (Resilience4j TimeLimiter, and the HTTP request timeout)
 * @param maxAttempts       attempts per call, first one included (retries only for idempotent calls)
 * @param backoff           pause before the first retry; doubles (with jitter) for each next one
 * @param breakerOpen       how long the breaker stays open before letting trial calls through
 * @param breakerWindow     calls in the breaker's sliding window (also its minimum before it may open)
 * @param maxConcurrent     bulkhead: concurrent calls beyond this fail at once with 503 (no queue of waiters)
 */
public record DataTierPolicy(Duration timeout, int maxAttempts, Duration backoff, Duration breakerOpen,
                             int breakerWindow, int maxConcurrent) {
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
    }

    /** 1 s per attempt, 3 attempts from 50 ms backoff, breaker open 5 s over a window of 20 calls, 256 concurrent. */
    public static DataTierPolicy defaults() {
        return new DataTierPolicy(Duration.ofSeconds(1), 3, Duration.ofMillis(50), Duration.ofSeconds(5), 20, 256);
    }
}
