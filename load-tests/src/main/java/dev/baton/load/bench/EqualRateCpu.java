package dev.baton.load.bench;

import dev.baton.load.tcp.Injection;
import dev.baton.load.tcp.InjectionPlan;
import dev.baton.load.tcp.LoadResult;
import dev.baton.load.tcp.LoadRunner;
import dev.baton.load.tcp.RunOptions;
import dev.baton.load.tcp.Target;
import dev.baton.load.tcp.scenarios.ChurnScenario;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A balancer's CPU time per request at one fixed arrival rate, for small and for large responses, a new
 * connection per request. wrk runs as fast as it can, so a 1 KiB row runs at ten times the rate of a 1 MiB
 * row, and a busy event loop handles many connections per wake-up: its CPU per request then differs by rate
 * alone. At an equal open-model rate (the raw TCP tool's churn scenario) the two sizes differ only in what
 * the balancer does with the bytes, which is the question: the handoff switch should not see them at all.
 */
final class EqualRateCpu {
    /** One balancer's measurement: mean CPU microseconds per answered request, per response size. */
    record Row(String row, Map<Integer, Double> microsPerRequest, long errors) {}

    private final double rate;
    private final Duration duration;
    private final int rounds;
    private final List<Integer> sizes;

    EqualRateCpu(double rate, Duration duration, int rounds, List<Integer> sizes) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: > 0)");
        }
        this.rate = rate;
        this.duration = duration;
        this.rounds = rounds;
        this.sizes = List.copyOf(sizes);
    }

    double rate() {
        return rate;
    }

    /**
     * Interleaves rounds over sizes and rows (in {@link RoundOrder}), like the wrk runs, and sums CPU and answers
     * over the rounds.
     */
    List<Row> measure(List<Endpoint> endpoints, Consumer<String> log) {
        List<Endpoint> charged = endpoints.stream().filter(e -> e.failure() == null && e.cpuPid() != 0).toList();
        Map<String, Map<Integer, double[]>> totals = new LinkedHashMap<>(); // row -> size -> {cpu ms, answers}
        Map<String, Long> errors = new LinkedHashMap<>();
        charged.forEach(e -> totals.put(e.row(), new LinkedHashMap<>())); // the table's order, not round 1's
        for (int round = 1; round <= rounds; round++) {
            for (int size : sizes) {
                for (Endpoint endpoint : RoundOrder.of(charged, round)) {
                    long before = ProcStats.cpuNanos(endpoint.cpuPid());
                    LoadResult result = run(endpoint, size);
                    double cpu = (ProcStats.cpuNanos(endpoint.cpuPid()) - before) / 1e6; // ms
                    long answered = result.measured().overall().count() - result.measured().overall().errors();
                    double[] sum = totals.computeIfAbsent(endpoint.row(), r -> new LinkedHashMap<>())
                            .computeIfAbsent(size, s -> new double[2]);
                    sum[0] += cpu;
                    sum[1] += answered;
                    errors.merge(endpoint.row(), result.measured().overall().errors() + result.dropped(), Long::sum);
                    log.accept(String.format("equal-rate round %d/%d %7d B %-16s %d answered, %.1f µs CPU/req",
                            round, rounds, size, endpoint.row(), answered, answered == 0 ? 0 : cpu * 1000 / answered));
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        totals.forEach((row, bySize) -> {
            Map<Integer, Double> micros = new LinkedHashMap<>();
            bySize.forEach((size, sum) -> micros.put(size, sum[1] == 0 ? Double.NaN : sum[0] * 1000 / sum[1]));
            rows.add(new Row(row, micros, errors.getOrDefault(row, 0L)));
        });
        return rows;
    }

    private LoadResult run(Endpoint endpoint, int size) {
        URI base = URI.create(endpoint.baseUrl());
        InjectionPlan plan = InjectionPlan.of(List.of(Injection.constantUsersPerSec(rate).during(duration)));
        try {
            return LoadRunner.of(ChurnScenario.of("/blob?bytes=" + size), new Target(base.getHost(), base.getPort()),
                    plan, RunOptions.defaults().withLateThreshold(Duration.ofMillis(10))).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while measuring " + endpoint.row());
        }
    }
}
