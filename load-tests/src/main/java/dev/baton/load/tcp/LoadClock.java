package dev.baton.load.tcp;

import java.util.concurrent.locks.LockSupport;

/** The time source of a load run, injectable so schedules and latency accounting test without sleeping. */
public interface LoadClock {
    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Blocks until {@link #nanoTime()} reaches {@code deadline} (returns at once when it already has). */
    void parkUntil(long deadline) throws InterruptedException;

    /** The system clock. */
    static LoadClock system() {
        return SystemClock.INSTANCE;
    }

    /** The real clock: parks in slices and spins the last 50 microseconds for a punctual send. */
    enum SystemClock implements LoadClock {
        INSTANCE;

        private static final long SPIN_NANOS = 50_000;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkUntil(long deadline) throws InterruptedException {
            long left;
            while ((left = deadline - System.nanoTime()) > SPIN_NANOS) {
                LockSupport.parkNanos(left - SPIN_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            while (deadline - System.nanoTime() > 0) {
                Thread.onSpinWait();
            }
        }
    }
}
