package dev.baton.app.data;

/** The data tier answered something the app cannot use (a malformed body); the app answers 502. */
public final class BadDataTierAnswerException extends RuntimeException {
    public BadDataTierAnswerException(String message) {
        super(message, null, false, false);
    }
}
