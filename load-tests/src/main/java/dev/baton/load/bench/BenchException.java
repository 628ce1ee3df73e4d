package dev.baton.load.bench;

/** A benchmark could not be set up or run; the message says why and, where it can, what to do. */
public final class BenchException extends RuntimeException {
    public BenchException(String message) {
        super(message);
    }
}
