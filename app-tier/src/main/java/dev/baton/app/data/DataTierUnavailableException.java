package dev.baton.app.data;

import java.time.Duration;

/**
 * The data tier cannot answer now (none registered, refused, timed out, breaker open, bulkhead full,
 * or 5xx after retries); the app answers 503 with {@code Retry-After}.
 */
public final class DataTierUnavailableException extends RuntimeException {
    private final Duration retryAfter;

    public DataTierUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.retryAfter = retryAfter;
    }

    /** How long a client should wait before trying again; at least one second. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
