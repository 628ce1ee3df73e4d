package dev.baton.app.data;

/**
 * A 5xx answer from one data-tier instance. It counts as a failure for the circuit breaker and is
 * retried for idempotent calls; after the last attempt it becomes a {@link DataTierUnavailableException}.
 */
final class DataTierServerError extends RuntimeException {
    private final int status;

    DataTierServerError(int status, String endpoint) {
        super("data tier " + endpoint + " answered " + status, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
