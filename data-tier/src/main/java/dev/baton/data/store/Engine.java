package dev.baton.data.store;

import java.util.Locale;

/** The database engines the data tier runs on; both are served by one JDBC code path. */
public enum Engine {
    H2("h2"), POSTGRESQL("postgresql");

    private final String label;

    Engine(String label) {
        this.label = label;
    }

    /** The engine of a JDBC URL, or an exception naming the URL when it is neither H2 nor PostgreSQL. */
    public static Engine ofUrl(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("jdbc-url: '" + jdbcUrl + "' (expected: jdbc:h2:... or jdbc:postgresql:...)");
    }

    /** The name used in {@code /health} and in the ZooKeeper payload: {@code h2} or {@code postgresql}. */
    public String label() {
        return label;
    }
}
