package dev.baton.load.bench;

import java.util.Map;

/**
 * One measured (or failed) run of a row under a workload in one round.
 *
 * @param row            what was measured (e.g. {@code haproxy})
 * @param workload       how (e.g. {@code keep-alive})
 * @param round          the interleaved round it ran in (1-based), which pairs it with the other rows' runs
 * @param requestsPerSec successful requests (or operations) per second: a quick 503 is not throughput
 * @param p50Ms          median latency
 * @param p99Ms          99th percentile latency
 * @param errors         failed requests (socket errors, non-2xx)
 * @param extras         further numbers by column name (CPU per request, threads, RSS)
 * @param failure        why the run could not be made, or null
 */
public record Sample(String row, String workload, int round, double requestsPerSec, double p50Ms, double p99Ms, long errors,
                     Map<String, Double> extras, String failure) {

    public Sample {
        extras = Map.copyOf(extras);
    }

    public static Sample of(String row, String workload, int round, WrkResult r, Map<String, Double> extras) {
        double good = r.seconds() > 0 ? Math.max(0, r.requests() - r.non2xx()) / r.seconds() : r.requestsPerSec();
        return new Sample(row, workload, round, r.non2xx() == 0 ? r.requestsPerSec() : good, r.p50Ms(), r.p99Ms(), r.socketErrors() + r.non2xx(),
                extras, null);
    }

    public static Sample failed(String row, String workload, int round, String reason) {
        return new Sample(row, workload, round, Double.NaN, Double.NaN, Double.NaN, 0, Map.of(), reason);
    }

    public boolean ok() {
        return failure == null;
    }
}
