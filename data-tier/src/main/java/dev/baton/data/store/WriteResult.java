package dev.baton.data.store;

/** The result of a key-value write or delete. */
public sealed interface WriteResult {
    /** Done; {@code version} is the new version (a put) or the version that was deleted (a delete). */
    record Written(long version) implements WriteResult {}

    /** The precondition failed; {@code reason} says how, for the client. */
    record Conflict(String reason) implements WriteResult {}

    /** A delete of a key that does not exist. */
    record Missing() implements WriteResult {}
}
