package dev.baton.superserver.registry;

/** A request the table refuses; {@link #code} is the protocol's error code. */
public final class RegistryException extends Exception {
    public static final int BAD_REQUEST = 400;
    public static final int UNAUTHORIZED = 401;
    public static final int FORBIDDEN = 403;
    public static final int NOT_FOUND = 404;
    public static final int TOO_LONG = 413;
    public static final int UNAVAILABLE = 503;
    public static final int FULL = 507;

    private final int code;

    public RegistryException(int code, String message) {
        super(message);
        this.code = code;
    }

    public RegistryException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
