package dev.baton.load.gatling;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * What every Baton simulation takes from system properties, validated once:
 * {@code -Durl=http://127.0.0.1:8080 -Drate=200 -Dduration=60s -Dp99Ms=500 -DmaxErrorPct=1 -Dkeys=1000}.
 *
 * @param url         base URL of the switch or an app server (default {@code http://127.0.0.1:8080})
 * @param rate        new users per second; each user makes one request (default 50)
 * @param duration    how long users arrive (default 30s)
 * @param p99Ms       the run fails when the global p99 response time is not below this (default 500)
 * @param maxErrorPct the run fails when the share of failed requests is not below this (default 1.0)
 * @param keys        distinct keys the key-value simulations spread over (default 1000)
 */
public record SimulationOptions(String url, double rate, Duration duration, int p99Ms, double maxErrorPct, int keys) {

    public SimulationOptions {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("url: '" + url + "' (expected: http://host:port)");
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: > 0 users/s)");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: > 0)");
        }
        if (p99Ms <= 0) {
            throw new IllegalArgumentException("p99Ms: " + p99Ms + " (expected: > 0)");
        }
        if (maxErrorPct < 0 || maxErrorPct > 100) {
            throw new IllegalArgumentException("maxErrorPct: " + maxErrorPct + " (expected: 0-100)");
        }
        if (keys <= 0) {
            throw new IllegalArgumentException("keys: " + keys + " (expected: > 0)");
        }
    }

    /** Reads the options from system properties, with the defaults above. */
    public static SimulationOptions fromSystemProperties() {
        return new SimulationOptions(
                prop("url", "http://127.0.0.1:8080").replaceAll("/+$", ""),
                number("rate", "50"),
                duration(prop("duration", "30s")),
                (int) number("p99Ms", "500"),
                number("maxErrorPct", "1"),
                (int) number("keys", "1000"));
    }

    /** Parses {@code 60s}, {@code 2m}, {@code 500ms} or a bare number of seconds. */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("duration: '" + text + "' (expected: e.g. 60s, 2m, 500ms)");
        }
    }

    private static String prop(String key, String fallback) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static double number(String key, String fallback) {
        String value = prop(key, fallback);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' (expected: a number)");
        }
    }
}
