package dev.baton.superserver.limits;

import java.util.function.LongSupplier;

/**
 * xinetd's {@code cps}: at most {@code perSecond} connections in any one-second window; the
 * connection that exceeds it starts a back-off during which every connection is refused.
 * Thread-safe; time comes from an injected nanosecond clock.
 */
public final class ConnectionRate {
    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private final long backOffNanos;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int inWindow;
    private long backOffUntil;
    private boolean backingOff;

    /** {@code perSecond} 0 means unlimited. */
    public ConnectionRate(int perSecond, long backOffSeconds, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.backOffNanos = backOffSeconds * SECOND;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /** Counts a connection; false when it must be refused. */
    public synchronized boolean tryAcquire() {
        if (perSecond <= 0) {
            return true;
        }
        long now = nanoClock.getAsLong();
        if (backingOff) {
            if (now - backOffUntil < 0) {
                return false;
            }
            backingOff = false;
            windowStart = now;
            inWindow = 0;
        }
        if (now - windowStart >= SECOND) {
            windowStart = now;
            inWindow = 0;
        }
        if (++inWindow > perSecond) {
            backingOff = true;
            backOffUntil = now + backOffNanos;
            return false;
        }
        return true;
    }

    public synchronized boolean backingOff() {
        return backingOff && nanoClock.getAsLong() - backOffUntil < 0;
    }
}
