package dev.baton.fswitch.pool;

/**
 * What a backend reports about its own load: the switch does not see handed-off connections end, so the
 * receiver counts its active connections and reports them (a handoff client, every 50 ms).
 */
public interface LoadReports {
    /** Active connections at the last report, or -1 before the first. */
    int reportedActive();

    /** {@link System#nanoTime()} of the last report, 0 before the first. */
    long lastReportNanos();
}
