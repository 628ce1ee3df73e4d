package dev.baton.app.api;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * Does a fixed amount of CPU work per requested millisecond, calibrated once at start on a platform
 * thread by its own CPU clock. Work counted in iterations, not time, is the same for every server
 * model: a virtual thread has no CPU clock of its own, and burning by the wall clock would do less
 * work on a busy machine, favouring whichever model is descheduled most.
 */
final class CpuBurner {
    private static final int BLOCK = 10_000;
    private static final long CALIBRATION_NANOS = 20_000_000L;
    private static final int WARM_UP_ROUNDS = 5;
    private static final int CALIBRATION_ROUNDS = 5;

    private final long blocksPerMilli;

    /** Calibrates on the calling thread's CPU clock (the wall clock where the JVM has none). */
    CpuBurner() {
        this(calibrate(cpuClock()));
    }

    /** Burns {@code blocksPerMilli} blocks of {@value #BLOCK} steps per millisecond (a seam for tests). */
    CpuBurner(long blocksPerMilli) {
        if (blocksPerMilli < 1) {
            throw new IllegalArgumentException("blocksPerMilli: " + blocksPerMilli + " (expected: >= 1)");
        }
        this.blocksPerMilli = blocksPerMilli;
    }

    long blocksPerMilli() {
        return blocksPerMilli;
    }

    /** Burns {@code millis} of calibrated CPU work; returns a value derived from it so it cannot be optimised away. */
    long burn(long millis) {
        return spin(millis * blocksPerMilli, 0x9E3779B97F4A7C15L);
    }

    /**
     * Blocks done per millisecond of {@code clock}, the best of a few rounds after a few unmeasured ones
     * (the loop must be compiled first); a round the thread spent partly descheduled only counts less.
     */
    static long calibrate(LongSupplier clock) {
        long best = 1;
        long x = 1;
        for (int round = 0; round < WARM_UP_ROUNDS + CALIBRATION_ROUNDS; round++) {
            long start = clock.getAsLong();
            long blocks = 0;
            while (clock.getAsLong() - start < CALIBRATION_NANOS) {
                x = spin(1, x);
                blocks++;
            }
            if (round >= WARM_UP_ROUNDS) {
                best = Math.max(best, blocks * 1_000_000L / CALIBRATION_NANOS);
            }
        }
        return x == 0 ? best + 1 : best; // uses x, so the calibration loop is not removed either
    }

    private static long spin(long blocks, long seed) {
        long x = seed;
        for (long b = 0; b < blocks; b++) {
            for (int i = 0; i < BLOCK; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
        }
        return x;
    }

    private static LongSupplier cpuClock() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported() || Thread.currentThread().isVirtual()) {
            return System::nanoTime;
        }
        if (!threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        return threads::getCurrentThreadCpuTime;
    }
}
