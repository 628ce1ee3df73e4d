package dev.baton.superserver.limits;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused connections once per burst: the first refusal after a quiet period is logged with its
 * reason; later ones only count, and the next log line (at most one per {@code window}) says how many
 * were refused meanwhile. A flood of refused connections so costs a few lines, not one each.
 */
public final class RefusalLog {
    private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

    private final String service;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Sink sink;
    private long lastLogged;
    private boolean loggedOnce;
    private long suppressed;

    /** Where the lines go; tests capture them. */
    @FunctionalInterface
    public interface Sink {
        void line(String message);
    }

    public RefusalLog(String service, long windowNanos, LongSupplier nanoClock) {
        this(service, windowNanos, nanoClock, log::warn);
    }

    public RefusalLog(String service, long windowNanos, LongSupplier nanoClock, Sink sink) {
        this.service = service;
        this.windowNanos = windowNanos;
        this.nanoClock = nanoClock;
        this.sink = sink;
    }

    /** Records one refusal and logs it if the burst's window allows. */
    public void refused(Refusal why, Object source) {
        String line;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (loggedOnce && now - lastLogged < windowNanos) {
                suppressed++;
                return;
            }
            line = "service " + service + ": refused a connection from " + source + ": " + why.reason()
                    + (suppressed > 0 ? " (and " + suppressed + " more refused since the last message)" : "");
            loggedOnce = true;
            lastLogged = now;
            suppressed = 0;
        }
        sink.line(line);
    }
}
