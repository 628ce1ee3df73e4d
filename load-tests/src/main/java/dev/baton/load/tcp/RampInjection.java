package dev.baton.load.tcp;

import java.time.Duration;

/**
 * Users arriving at a rate that moves linearly from {@code from} to {@code to} users per second over
 * {@code duration}; a constant rate is the case {@code from == to}. User {@code i} arrives when the expected
 * number of arrivals, {@code N(t) = from*t + (to-from)*t^2/(2d)}, reaches {@code i}, so arrivals are evenly
 * spaced at each instant's rate, as in Gatling.
 */
record RampInjection(double from, double to, Duration duration) implements Injection {

    RampInjection {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: > 0)");
        }
    }

    @Override
    public long users() {
        double d = seconds();
        // A tiny epsilon keeps exact products such as 10/s * 3s at 30 users despite rounding.
        return (long) Math.floor((from + to) / 2 * d + 1e-9);
    }

    @Override
    public long offsetNanos(long index) {
        if (index < 0 || index >= users()) {
            throw new IllegalArgumentException("index: " + index + " (expected: 0-" + (users() - 1) + ")");
        }
        double d = seconds();
        double slope = (to - from) / d;
        double t;
        if (Math.abs(slope) < 1e-12) {
            t = index / from;
        } else {
            // Solve slope/2 * t^2 + from * t - index = 0 for the root in [0, d].
            t = (-from + Math.sqrt(from * from + 2 * slope * index)) / slope;
        }
        return Math.min(duration.toNanos(), Math.round(t * 1e9));
    }

    private double seconds() {
        return duration.toNanos() / 1e9;
    }
}
