package dev.baton.data;

/** The data tier cannot start; the message is the one line the operator sees (exit code 2). */
public final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
