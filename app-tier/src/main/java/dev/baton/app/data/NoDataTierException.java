package dev.baton.app.data;

/** No data-tier instance is known (none registered in ZooKeeper). */
final class NoDataTierException extends RuntimeException {
    NoDataTierException() {
        super("no data-tier instance is registered", null, false, false);
    }
}
