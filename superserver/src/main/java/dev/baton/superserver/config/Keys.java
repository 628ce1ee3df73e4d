package dev.baton.superserver.config;

import dev.baton.common.config.Check;
import java.util.List;

/** Small helpers for config records: defaults and checks whose messages carry the full key. */
final class Keys {
    private Keys() {}

    static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    /** Like {@link #list}, but an empty entry (a bare {@code -} in the file) is refused, naming its place. */
    static <T> List<T> entries(String key, List<T> value) {
        if (value != null) {
            for (int i = 0; i < value.size(); i++) {
                if (value.get(i) == null) {
                    throw new IllegalArgumentException(key + "[" + i + "]: empty (expected: an entry with its keys)");
                }
            }
        }
        return list(value);
    }

    static <E extends Enum<E>> E oneOf(String key, Class<E> type, String value, E fallback) {
        return value == null ? fallback : Check.oneOf(key, type, value);
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
