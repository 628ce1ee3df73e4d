package dev.baton.load.tcp;

import java.time.Duration;

/**
 * An open-model injection step: when users arrive, independent of how fast earlier ones are served.
 *
 * <pre>{@code
 * Injection.constantUsersPerSec(100).during(Duration.ofSeconds(30))
 * Injection.rampUsersPerSec(10).to(200).during(Duration.ofMinutes(1))
 * }</pre>
 */
public interface Injection {
    /** How many users arrive in this step. */
    long users();

    /** When user {@code index} (0-based, below {@link #users()}) arrives, in nanoseconds from the step's start. */
    long offsetNanos(long index);

    /** How long the step lasts. */
    Duration duration();

    /** A constant arrival rate, {@code rate} users per second. */
    static Constant constantUsersPerSec(double rate) {
        return new Constant(rate);
    }

    /** An arrival rate that changes linearly from {@code from} users per second. */
    static Ramp rampUsersPerSec(double from) {
        return new Ramp(from);
    }

    /** The first half of {@code constantUsersPerSec(r).during(d)}. */
    record Constant(double rate) {
        public Constant {
            checkRate("rate", rate);
        }

        public Injection during(Duration duration) {
            return new RampInjection(rate, rate, duration);
        }
    }

    /** The first part of {@code rampUsersPerSec(a).to(b).during(d)}. */
    record Ramp(double from) {
        public Ramp {
            checkRate("from", from);
        }

        public RampTo to(double to) {
            return new RampTo(from, to);
        }
    }

    /** The second part of {@code rampUsersPerSec(a).to(b).during(d)}. */
    record RampTo(double from, double to) {
        public RampTo {
            checkRate("to", to);
        }

        public Injection during(Duration duration) {
            return new RampInjection(from, to, duration);
        }
    }

    private static void checkRate(String key, double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(key + ": " + rate + " (expected: >= 0 users/s)");
        }
    }
}
