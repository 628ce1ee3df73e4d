package dev.baton.app.api;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * Spends a given amount of CPU time on the calling thread. It measures the thread's own CPU time
 * where the JVM supports it, so time spent descheduled does not count as work done.
 */
final class CpuBurner {
    private final LongSupplier nanos;

    /** Burns by the current thread's CPU clock, or by the wall clock where that is unsupported. */
    CpuBurner() {
        this(cpuClock());
    }

    /** Burns by {@code nanos}, a per-thread clock (a seam for tests). */
    CpuBurner(LongSupplier nanos) {
        this.nanos = nanos;
    }

    private static LongSupplier cpuClock() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return System::nanoTime;
        }
        if (!threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        // A virtual thread has no CPU clock of its own (the JVM answers -1): it burns by the wall clock.
        return () -> Thread.currentThread().isVirtual() ? System.nanoTime() : threads.getCurrentThreadCpuTime();
    }

    /** Burns {@code millis} of CPU; returns a value derived from the work so it cannot be optimised away. */
    long burn(long millis) {
        long end = nanos.getAsLong() + millis * 1_000_000L;
        long x = 0x9E3779B97F4A7C15L;
        while (nanos.getAsLong() < end) {
            for (int i = 0; i < 10_000; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
        }
        return x;
    }
}
