package dev.baton.common.config;

import java.util.Arrays;
import java.util.Locale;

/** Argument checks for config records: each failure message names the key and the bad value. */
public final class Check {
    private Check() {}

    public static int port(String key, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: 0-65535)");
        }
        return value;
    }

    public static long between(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: " + min + "-" + max + ")");
        }
        return value;
    }

    public static long positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: > 0)");
        }
        return value;
    }

    public static long atLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: >= " + min + ")");
        }
        return value;
    }

    public static String notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + ": '" + value + "' (expected: a non-empty value)");
        }
        return value;
    }

    public static <E extends Enum<E>> E oneOf(String key, Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.replace('-', '_'))) {
                return e;
            }
        }
        throw new IllegalArgumentException(key + ": '" + value + "' (expected one of: "
                + Arrays.stream(type.getEnumConstants()).map(Check::label).toList() + ")");
    }

    /** The name config gives {@code constant}, which {@link #oneOf} reads back: IO_URING is {@code io-uring}. */
    public static String label(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
