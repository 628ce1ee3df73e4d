package dev.baton.data.http;

import java.util.concurrent.TimeUnit;

/** Counts requests being served, so a shutdown can wait for them to finish before closing connections. */
public final class InFlightRequests {
    private int count;

    synchronized void started() {
        count++;
    }

    synchronized void finished() {
        if (--count == 0) {
            notifyAll();
        }
    }

    public synchronized int count() {
        return count;
    }

    /** Waits until no request is in flight or {@code timeout} passes; true if none is left. */
    public synchronized boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
