package dev.baton.fswitch.pool;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients waiting for a backend slot when every eligible backend is at its maxconn (HAProxy's backend queue).
 * There is one queue for the pool, shared by all listeners: at most {@code limits.queue-size} clients wait, each
 * for at most {@code limits.queue-timeout-ms}. A waiter is a wake-up action that hops to the waiting connection's
 * event loop; the pool wakes the oldest waiter whenever a slot frees, and all of them when membership or limits
 * change. A waiter that finds every slot taken again goes back to the head.
 */
public final class WaitQueue {
    private final ConcurrentLinkedDeque<Runnable> waiters = new ConcurrentLinkedDeque<>();
    private final AtomicInteger depth = new AtomicInteger();
    private volatile int capacity;
    private volatile int timeoutMs;

    WaitQueue(int capacity, int timeoutMs) {
        configure(capacity, timeoutMs);
    }

    /** New bounds; waiters already queued stay even when the queue shrinks below them. */
    public void configure(int capacity, int timeoutMs) {
        if (capacity < 0 || timeoutMs <= 0) {
            throw new IllegalArgumentException("queue: size " + capacity + ", timeout " + timeoutMs
                    + " ms (expected: size >= 0, timeout > 0)");
        }
        this.capacity = capacity;
        this.timeoutMs = timeoutMs;
    }

    /** Adds a waiter at the tail; false when the queue is full. */
    public boolean offer(Runnable wake) {
        if (depth.incrementAndGet() > capacity) {
            depth.decrementAndGet();
            return false;
        }
        waiters.addLast(wake);
        return true;
    }

    /** Puts back a waiter that was woken but found no slot: it keeps its place, even past the capacity. */
    public void requeue(Runnable wake) {
        depth.incrementAndGet();
        waiters.addFirst(wake);
    }

    /** Removes a waiter (timed out, or its client left); false when it was not waiting (already woken). */
    public boolean remove(Runnable wake) {
        if (waiters.removeFirstOccurrence(wake)) {
            depth.decrementAndGet();
            return true;
        }
        return false;
    }

    /** Clients waiting now. */
    public int depth() {
        return Math.max(0, depth.get());
    }

    public int timeoutMs() {
        return timeoutMs;
    }

    void wakeOne() {
        Runnable w = waiters.pollFirst();
        if (w != null) {
            depth.decrementAndGet();
            w.run();
        }
    }

    void wakeAll() {
        for (int n = depth(); n > 0; n--) {
            wakeOne();
        }
    }
}
