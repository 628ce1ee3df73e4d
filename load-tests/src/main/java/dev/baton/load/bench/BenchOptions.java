package dev.baton.load.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a suite runs.
 *
 * @param root     the Baton source root (module classpaths, docs/bench)
 * @param rounds   interleaved rounds; each (row, workload) cell is the median over them (default 3, quick 1)
 * @param duration length of each wrk run (default 10 s, quick 3 s)
 * @param warmup   unmeasured wrk run of each cell before the rounds (default 20 s, quick 2 s): a freshly
 *                 started JVM balancer keeps compiling for tens of seconds of load, and its p99 with it
 * @param outDir   where the table, CSV and plot go (default {@code docs/bench})
 */
public record BenchOptions(Path root, int rounds, Duration duration, Duration warmup, Path outDir) {

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
    }

    public static BenchOptions of(Path root, boolean quick) {
        return new BenchOptions(root, quick ? 1 : 3, Duration.ofSeconds(quick ? 3 : 10),
                Duration.ofSeconds(quick ? 2 : 20), root.resolve("docs/bench"));
    }

    public BenchOptions withRounds(int value) {
        return new BenchOptions(root, value, duration, warmup, outDir);
    }

    public BenchOptions withDuration(Duration value) {
        return new BenchOptions(root, rounds, value, warmup, outDir);
    }

    public BenchOptions withWarmup(Duration value) {
        return new BenchOptions(root, rounds, duration, value, outDir);
    }
}
