package dev.baton.common.launch;

/** The cluster cannot be started as asked; the message says why in one line. */
public final class LaunchException extends RuntimeException {
    public LaunchException(String message) {
        super(message, null, false, false);
    }
}
