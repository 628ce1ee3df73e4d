package dev.baton.load.tcp;

import java.time.Duration;

/**
 * A pass/fail condition on a run; any failed assertion makes the tool exit non-zero.
 *
 * <pre>{@code
 * List.of(Assertion.p99Below(Duration.ofMillis(50)), Assertion.errorPercentBelow(1), Assertion.latePercentBelow(5))
 * }</pre>
 */
public interface Assertion {
    Outcome check(LoadResult result);

    /** The overall p99 (from intended send times) is below {@code limit}. */
    static Assertion p99Below(Duration limit) {
        long limitMicros = positiveMicros("p99 limit", limit);
        return result -> {
            long p99 = result.measured().overall().p99Micros();
            return new Outcome("p99 < " + limit.toMillis() + " ms", p99 < limitMicros, p99 / 1000.0 + " ms");
        };
    }

    /** Failed steps, with dropped arrivals and unfinished users, are below {@code percent} of all steps. */
    static Assertion errorPercentBelow(double percent) {
        checkPercent("error percent limit", percent);
        return result -> {
            double actual = result.errorPercent();
            return new Outcome("errors < " + percent + "%", actual < percent || actual == 0, String.format("%.3f%%", actual));
        };
    }

    /** Sends that could not start on time are below {@code percent} of all sends. */
    static Assertion latePercentBelow(double percent) {
        checkPercent("late percent limit", percent);
        return result -> {
            double actual = result.measured().latePercent();
            return new Outcome("late sends < " + percent + "%", actual < percent || actual == 0,
                    String.format("%.3f%% (%d)", actual, result.measured().lateSends()));
        };
    }

    private static long positiveMicros(String key, Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException(key + ": " + limit + " (expected: > 0)");
        }
        return limit.toNanos() / 1_000;
    }

    private static void checkPercent(String key, double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException(key + ": " + percent + " (expected: 0-100)");
        }
    }

    /** What one assertion found. */
    record Outcome(String description, boolean passed, String actual) {}
}
