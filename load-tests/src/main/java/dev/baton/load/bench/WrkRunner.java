package dev.baton.load.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs workloads against endpoints in interleaved rounds (round, then workload, then row), so drift of the
 * machine over time hits every row alike, measuring the charged process's CPU per request around each run.
 * The rows change order from round to round ({@link RoundOrder}), so no row always runs after the same one.
 */
final class WrkRunner {
    static final String CPU_COLUMN = "CPU us/req";

    private WrkRunner() {}

    static List<Sample> run(List<Endpoint> endpoints, List<WrkWorkload> workloads, BenchOptions options,
                            Consumer<String> log, SampleExtras extras) {
        // A JVM balancer compiles its hot paths under load for tens of seconds, and its tail latency stays high
        // until it is done: warm every cell up once, unmeasured, so rounds compare steady states (HAProxy and
        // nginx need no warm-up, but get the same treatment).
        if (!options.warmup().isZero()) {
            for (WrkWorkload workload : workloads) {
                for (Endpoint endpoint : endpoints) {
                    if (endpoint.failure() == null) {
                        try {
                            workload.wrk(options.warmup()).run(endpoint.baseUrl() + workload.path());
                        } catch (BenchException e) {
                            log.accept("warm-up of " + endpoint.row() + " / " + workload.name() + " failed: "
                                    + e.getMessage());
                        }
                    }
                }
            }
        }
        List<Sample> samples = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (WrkWorkload workload : workloads) {
                for (Endpoint endpoint : RoundOrder.of(endpoints, round)) {
                    Sample sample = once(endpoint, workload, round, options.duration(), extras);
                    log.accept(String.format("round %d/%d %-12s %-16s %s", round, options.rounds(), workload.name(),
                            endpoint.row(), sample.ok() ? String.format("%.0f req/s p99 %.2f ms", sample.requestsPerSec(),
                                    sample.p99Ms()) : "failed: " + sample.failure()));
                    samples.add(sample);
                }
            }
        }
        return RoundOrder.byRow(samples, endpoints.stream().map(Endpoint::row).toList());
    }

    private static Sample once(Endpoint endpoint, WrkWorkload workload, int round, Duration duration,
                               SampleExtras extras) {
        if (endpoint.failure() != null) {
            return Sample.failed(endpoint.row(), workload.name(), round, endpoint.failure());
        }
        try {
            double cpuBefore = endpoint.cpuPid() == 0 ? 0 : ProcStats.cpuMillis(endpoint.cpuPid());
            SampleExtras.Sampling sampling = extras.start(endpoint);
            WrkResult result = workload.wrk(duration).run(endpoint.baseUrl() + workload.path());
            Map<String, Double> values = new LinkedHashMap<>(sampling.finish());
            if (endpoint.cpuPid() != 0 && result.requests() > 0) {
                double cpuMillis = ProcStats.cpuMillis(endpoint.cpuPid()) - cpuBefore;
                values.put(CPU_COLUMN, cpuMillis * 1000 / result.requests());
            }
            return Sample.of(endpoint.row(), workload.name(), round, result, values);
        } catch (BenchException e) {
            return Sample.failed(endpoint.row(), workload.name(), round, e.getMessage());
        }
    }

    /** Further per-run numbers sampled while wrk runs (threads, memory); none by default. */
    interface SampleExtras {
        Sampling start(Endpoint endpoint);

        SampleExtras NONE = endpoint -> Map::of;

        /** An ongoing sampling, finished when the run ends. */
        interface Sampling {
            Map<String, Double> finish();
        }
    }
}
