package dev.baton.load.tcp;

import java.time.Duration;

/**
 * What a run did and measured.
 *
 * @param scenario   the scenario's name
 * @param target     where the load went
 * @param scheduled  users the injection plan called for
 * @param dropped    arrivals refused because {@link RunOptions#maxInFlight()} users were alive (each is a failed
 *                   {@code arrival} step in {@code measured})
 * @param unfinished users still running when the drain timeout ended the run (their step in progress is not in
 *                   {@code measured}; {@link #errorPercent()} counts it as failed)
 * @param elapsed    wall time from the first intended arrival to the end
 * @param measured   the latency accounting
 */
public record LoadResult(String scenario, Target target, long scheduled, long dropped, long unfinished,
                         Duration elapsed, LatencyRecorder.Snapshot measured) {

    /**
     * Failed steps as a percentage of all steps, counting the step each unfinished user was cut off in as one
     * more failed step; dropped arrivals are failed steps already.
     */
    public double errorPercent() {
        long steps = measured.overall().count() + unfinished;
        return steps == 0 ? 0 : 100.0 * (measured.overall().errors() + unfinished) / steps;
    }

    /** Timed steps finished per second of elapsed time. */
    public double throughput() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : measured.overall().count() / seconds;
    }
}
