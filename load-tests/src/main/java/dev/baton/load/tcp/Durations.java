package dev.baton.load.tcp;

import java.time.Duration;
import java.util.Locale;

/** Parses command-line durations such as {@code 60s}, {@code 2m}, {@code 500ms} or a bare number of seconds. */
public final class Durations {
    private Durations() {}

    public static Duration parse(String key, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(t));
            }
            if (d.isNegative() || d.isZero()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' (expected: a positive duration such as 60s, 2m, 500ms)");
        }
    }
}
