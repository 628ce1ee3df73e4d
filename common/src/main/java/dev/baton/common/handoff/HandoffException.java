package dev.baton.common.handoff;

/** A handoff that did not happen; the client connection still belongs to the sender. */
public final class HandoffException extends Exception {
    public HandoffException(String message) {
        super(message);
    }

    public HandoffException(String message, Throwable cause) {
        super(message, cause);
    }
}
