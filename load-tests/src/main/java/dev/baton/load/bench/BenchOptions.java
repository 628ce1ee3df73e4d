package dev.baton.load.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How a suite runs.
 *
 * @param root     the Baton source root (module classpaths, docs/bench)
 * @param rounds   interleaved rounds; each (row, workload) cell is the median over them (default 3, quick 1)
 * @param duration length of each wrk run (default 10 s, quick 3 s)
 * @param warmup   unmeasured wrk run of each cell before the rounds (default 20 s, quick 2 s): a freshly
 *                 started JVM balancer keeps compiling for tens of seconds of load, and its p99 with it
 * @param outDir   where the table, CSV and plot go (default {@code docs/bench})
 * @param rows      the rows to run, or empty for all of the suite's
 * @param workloads the workloads to run, or empty for all of the suite's
 */
public record BenchOptions(Path root, int rounds, Duration duration, Duration warmup, Path outDir, Set<String> rows,
                           Set<String> workloads) {

    public BenchOptions {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds: " + rounds + " (expected: >= 1)");
        }
        if (duration.toSeconds() < 1) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: >= 1s)");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup: " + warmup + " (expected: >= 0s)");
        }
        rows = Set.copyOf(rows);
        workloads = Set.copyOf(workloads);
    }

    public static BenchOptions of(Path root, boolean quick) {
        return new BenchOptions(root, quick ? 1 : 3, Duration.ofSeconds(quick ? 3 : 10),
                Duration.ofSeconds(quick ? 2 : 20), root.resolve("docs/bench"), Set.of(), Set.of());
    }

    public BenchOptions withRounds(int value) {
        return new BenchOptions(root, value, duration, warmup, outDir, rows, workloads);
    }

    public BenchOptions withDuration(Duration value) {
        return new BenchOptions(root, rounds, value, warmup, outDir, rows, workloads);
    }

    public BenchOptions withWarmup(Duration value) {
        return new BenchOptions(root, rounds, duration, value, outDir, rows, workloads);
    }

    /** Only {@code value} of the suite's rows run (all when empty). */
    public BenchOptions withRows(Set<String> value) {
        return new BenchOptions(root, rounds, duration, warmup, outDir, value, workloads);
    }

    /** Only {@code value} of the suite's workloads run (all when empty). */
    public BenchOptions withWorkloads(Set<String> value) {
        return new BenchOptions(root, rounds, duration, warmup, outDir, rows, value);
    }

    public boolean runs(String row) {
        return rows.isEmpty() || rows.contains(row);
    }

    public boolean measures(String workload) {
        return workloads.isEmpty() || workloads.contains(workload);
    }
}
