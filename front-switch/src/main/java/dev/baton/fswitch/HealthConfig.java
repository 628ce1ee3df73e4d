package dev.baton.fswitch;

import dev.baton.common.config.Check;
import java.time.Duration;
import java.util.Locale;

/**
 * Active and passive health settings of the backend pool.
 *
 * @param check                 active check: {@code tcp} (connect), {@code http} (GET {@code path}, 2xx/3xx) or {@code none}; default tcp
 * @param path                  path of the HTTP check; default /health
 * @param intervalMs            time between active checks of one backend; default 2000
 * @param timeoutMs             active check timeout; default 1000
 * @param rise                  consecutive passes that bring a down backend up; default 2
 * @param fall                  consecutive failures that take an up backend down; default 3
 * @param ejectionBaseMs        first passive ejection time, doubled on each repeated ejection; default 1000
 * @param ejectionMaxMs         longest ejection time; default 30000
 * @param maxEjectionPercent    most of the pool ejected at once (at least one backend); default 50
 * @param panicThresholdPercent below this share of healthy backends all are used; default 50
 * @param failureRatePercent    share of failed connects (and resets) in the last 10 that ejects; default 50
 * @param slowStartMs           a joining backend's weight ramps up over this time; default 0 (off)
 */
public record HealthConfig(String check, String path, Integer intervalMs, Integer timeoutMs, Integer rise,
                           Integer fall, Integer ejectionBaseMs, Integer ejectionMaxMs, Integer maxEjectionPercent,
                           Integer panicThresholdPercent, Integer failureRatePercent, Integer slowStartMs) {
    public HealthConfig {
        check = check == null ? "tcp" : check.toLowerCase(Locale.ROOT);
        if (!check.equals("tcp") && !check.equals("http") && !check.equals("none")) {
            throw new IllegalArgumentException("health.check: '" + check + "' (expected one of: tcp, http, none)");
        }
        path = path == null ? "/health" : path;
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("health.path: '" + path + "' (expected: a path starting with /)");
        }
        intervalMs = (int) Check.positive("health.interval-ms", orElse(intervalMs, 2000));
        timeoutMs = (int) Check.positive("health.timeout-ms", orElse(timeoutMs, 1000));
        rise = (int) Check.positive("health.rise", orElse(rise, 2));
        fall = (int) Check.positive("health.fall", orElse(fall, 3));
        ejectionBaseMs = (int) Check.positive("health.ejection-base-ms", orElse(ejectionBaseMs, 1000));
        ejectionMaxMs = (int) Check.atLeast("health.ejection-max-ms", orElse(ejectionMaxMs, 30_000), ejectionBaseMs);
        maxEjectionPercent = percent("health.max-ejection-percent", orElse(maxEjectionPercent, 50));
        panicThresholdPercent = percent("health.panic-threshold-percent", orElse(panicThresholdPercent, 50));
        failureRatePercent = (int) Check.positive("health.failure-rate-percent", percent("health.failure-rate-percent", orElse(failureRatePercent, 50)));
        slowStartMs = (int) Check.atLeast("health.slow-start-ms", orElse(slowStartMs, 0), 0);
    }

    public static HealthConfig defaults() {
        return new HealthConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public Duration slowStart() {
        return Duration.ofMillis(slowStartMs);
    }

    static int orElse(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static int percent(String key, int value) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: 0-100)");
        }
        return value;
    }
}
