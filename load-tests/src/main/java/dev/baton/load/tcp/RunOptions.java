package dev.baton.load.tcp;

import java.time.Duration;

/**
 * How a run behaves, apart from what it sends.
 *
 * @param ioTimeout     connect and read timeout of each user's socket (default 5 s)
 * @param lateThreshold a send starting later than this after its intended time counts as late (default 10 ms)
 * @param maxInFlight   users alive at once; an arrival beyond it fails at once instead of queueing (default 10,000)
 * @param drainTimeout  how long the run waits for users in flight after the last arrival (default 10 s)
 */
public record RunOptions(Duration ioTimeout, Duration lateThreshold, int maxInFlight, Duration drainTimeout) {

    public RunOptions {
        positive("ioTimeout", ioTimeout);
        if (lateThreshold.isNegative()) {
            throw new IllegalArgumentException("lateThreshold: " + lateThreshold + " (expected: >= 0)");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight: " + maxInFlight + " (expected: >= 1)");
        }
        positive("drainTimeout", drainTimeout);
    }

    public static RunOptions defaults() {
        return new RunOptions(Duration.ofSeconds(5), Duration.ofMillis(10), 10_000, Duration.ofSeconds(10));
    }

    public RunOptions withIoTimeout(Duration value) {
        return new RunOptions(value, lateThreshold, maxInFlight, drainTimeout);
    }

    public RunOptions withLateThreshold(Duration value) {
        return new RunOptions(ioTimeout, value, maxInFlight, drainTimeout);
    }

    public RunOptions withMaxInFlight(int value) {
        return new RunOptions(ioTimeout, lateThreshold, value, drainTimeout);
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: > 0)");
        }
    }
}
