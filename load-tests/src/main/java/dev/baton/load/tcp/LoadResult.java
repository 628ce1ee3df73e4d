package dev.baton.load.tcp;

import java.time.Duration;

/**
 * What a run did and measured.
 *
 * @param scenario   the scenario's name
 * @param target     where the load went
 * @param scheduled  users the injection plan called for
 * @param dropped    arrivals refused because {@link RunOptions#maxInFlight()} users were alive
 * @param unfinished users still running when the drain timeout ended the run
 * @param elapsed    wall time from the first intended arrival to the end
 * @param measured   the latency accounting
 */
public record LoadResult(String scenario, Target target, long scheduled, long dropped, long unfinished,
                         Duration elapsed, LatencyRecorder.Snapshot measured) {

    /** Timed steps finished per second of elapsed time. */
    public double throughput() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : measured.overall().count() / seconds;
    }
}
