package dev.baton.fswitch.relay;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Closes connections that moved no byte either way for their idle timeout. One sweep per event loop walks that
 * loop's connections every {@code period}, instead of a timer per connection and a listener on every write, as
 * Netty's IdleStateHandler keeps, which a switch opening thousands of connections a second would otherwise pay
 * on every one of them. A quiet connection closes between its timeout and one period later.
 *
 * <pre>{@code
 * IdleSweeper sweeper = new IdleSweeper(Duration.ofMillis(100), System::nanoTime);
 * IdleSweeper.Watch w = sweeper.watch(channel, idleMs);   // on channel's event loop
 * w.touch();                                              // whenever bytes move
 * sweeper.unwatch(w);                                     // when the connection ends
 * }</pre>
 */
public final class IdleSweeper {
    private final long periodNanos;
    private final LongSupplier ticker;
    private final Map<EventExecutor, Loop> loops = new ConcurrentHashMap<>();

    public IdleSweeper(Duration period, LongSupplier ticker) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period: " + period + " (expected: positive)");
        }
        this.periodNanos = period.toNanos();
        this.ticker = ticker;
    }

    /** Starts watching {@code ch}, on its event loop; it is closed once quiet for {@code idleMs}. */
    public Watch watch(Channel ch, long idleMs) {
        Watch w = new Watch(ch, TimeUnit.MILLISECONDS.toNanos(idleMs));
        loops.computeIfAbsent(ch.eventLoop(), Loop::new).add(w);
        return w;
    }

    /** Stops watching, on the channel's event loop. */
    public void unwatch(Watch w) {
        Loop loop = loops.get(w.channel.eventLoop());
        if (loop != null) {
            loop.watched.remove(w);
        }
    }

    /** One watched connection; its owner stamps it whenever bytes move. Confined to the channel's event loop. */
    public final class Watch {
        private final Channel channel;
        private final long idleNanos;
        private long lastActive;

        private Watch(Channel channel, long idleNanos) {
            this.channel = channel;
            this.idleNanos = idleNanos;
            this.lastActive = ticker.getAsLong();
        }

        public void touch() {
            lastActive = ticker.getAsLong();
        }

        private boolean idleAt(long now) {
            return now - lastActive >= idleNanos;
        }
    }

    /** The connections of one event loop and its sweep, which runs only while there are any. */
    private final class Loop implements Runnable {
        private final EventExecutor executor;
        private final Set<Watch> watched = new HashSet<>();
        private boolean scheduled;

        Loop(EventExecutor executor) {
            this.executor = executor;
        }

        void add(Watch w) {
            watched.add(w);
            if (!scheduled) {
                scheduled = schedule();
            }
        }

        private boolean schedule() {
            try {
                executor.schedule(this, periodNanos, TimeUnit.NANOSECONDS);
                return true;
            } catch (RejectedExecutionException e) {
                return false; // the loop is shutting down and closes its connections itself
            }
        }

        @Override
        public void run() {
            long now = ticker.getAsLong();
            List<Watch> quiet = new ArrayList<>();
            for (Watch w : watched) {
                if (w.idleAt(now)) {
                    quiet.add(w);
                }
            }
            for (Watch w : quiet) {
                watched.remove(w);
                w.channel.close();
            }
            scheduled = !watched.isEmpty() && schedule();
        }
    }
}
