package dev.baton.load.tcp;

/** A clock that moves only when told to, or when someone parks until a later time. Single-threaded use. */
final class ManualClock implements LoadClock {
    private long now;

    ManualClock(long start) {
        this.now = start;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void parkUntil(long deadline) {
        now = Math.max(now, deadline);
    }

    void advanceMillis(long millis) {
        now += millis * 1_000_000L;
    }
}
