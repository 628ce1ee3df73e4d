package dev.baton.data.store;

/** What must hold for a key-value write to proceed: the HTTP {@code If-Match} / {@code If-None-Match} of the request. */
public sealed interface Precondition {
    /** No condition: write whatever is there. */
    Precondition NONE = new None();
    /** {@code If-Match: *}: the key must exist. */
    Precondition EXISTS = new Exists();
    /** {@code If-None-Match: *}: the key must be absent (create only). */
    Precondition ABSENT = new Absent();

    /** {@code If-Match: "<version>"}: compare-and-set against this version. */
    static Precondition version(long version) {
        return new Version(version);
    }

    record None() implements Precondition {}

    record Exists() implements Precondition {}

    record Absent() implements Precondition {}

    record Version(long version) implements Precondition {}
}
