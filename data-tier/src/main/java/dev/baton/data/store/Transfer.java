package dev.baton.data.store;

/** A request to move {@code amount} from one account to another, applied at most once per idempotency key. */
public record Transfer(String idempotencyKey, String from, String to, long amount) {}
