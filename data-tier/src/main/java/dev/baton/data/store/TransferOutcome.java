package dev.baton.data.store;

/**
 * The answer to a transfer: an HTTP status and JSON body, because that answer is what the idempotency
 * record stores and replays.
 *
 * @param replayed true when this is the recorded answer of an earlier request with the same key
 */
public record TransferOutcome(int status, String body, boolean replayed) {}
