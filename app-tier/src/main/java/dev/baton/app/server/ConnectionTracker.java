package dev.baton.app.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The open connections of one server, for graceful drain: once draining, idle connections are closed
 * at once and busy ones close after their current response; what is still open at the deadline is
 * closed by force.
 */
public final class ConnectionTracker {
    /** One tracked connection, as each model implements it. */
    public interface Connection {
        /** Closes the connection if no request is in flight on it (decided on its own thread/loop). */
        void closeIfIdle();

        /** Closes the connection now. */
        void forceClose();
    }

    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition empty = lock.newCondition();
    private volatile boolean draining;

    public void opened(Connection connection) {
        open.add(connection);
        if (draining) {
            connection.closeIfIdle();
        }
    }

    public void closed(Connection connection) {
        open.remove(connection);
        if (open.isEmpty()) {
            lock.lock();
            try {
                empty.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Whether responses should now say {@code Connection: close} and the connection close after them. */
    public boolean draining() {
        return draining;
    }

    public int size() {
        return open.size();
    }

    /**
     * Starts draining and waits up to {@code deadline} for connections to finish; then force-closes
     * the rest. Returns how many had to be forced.
     */
    public int drain(Duration deadline) throws InterruptedException {
        draining = true;
        open.forEach(Connection::closeIfIdle);
        long end = System.nanoTime() + deadline.toNanos();
        lock.lock();
        try {
            long left;
            while (!open.isEmpty() && (left = end - System.nanoTime()) > 0) {
                empty.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                if (!open.isEmpty()) {
                    // A connection that was busy a moment ago may be idle now.
                    open.forEach(Connection::closeIfIdle);
                }
            }
        } finally {
            lock.unlock();
        }
        int forced = open.size();
        open.forEach(Connection::forceClose);
        return forced;
    }
}
