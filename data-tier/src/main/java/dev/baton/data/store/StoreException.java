package dev.baton.data.store;

/**
 * The database failed a request. {@link #unavailable()} is true when trying again later may succeed
 * (database unreachable, contention outlasting the retries); the HTTP layer answers 503 then, else 500.
 */
public final class StoreException extends RuntimeException {
    private final boolean unavailable;

    public StoreException(String message, Throwable cause, boolean unavailable) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    public boolean unavailable() {
        return unavailable;
    }
}
