package dev.baton.app.data;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The data tier's health as the app sees it, refreshed by a periodic probe of its {@code /health}, so
 * the app's own {@code /health} answers at once and says whether the data tier is reachable.
 */
public final class DataTierHealth implements AutoCloseable {
    private final DataTierClient client;
    private final ScheduledExecutorService scheduler;
    private volatile boolean up;

    private DataTierHealth(DataTierClient client, Duration interval) {
        this.client = client;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "data-tier-health");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts probing every {@code interval}. */
    public static DataTierHealth start(DataTierClient client, Duration interval) {
        return new DataTierHealth(client, interval);
    }

    private void probe() {
        try {
            // Waiting here is fine: this is the probe's own thread, and the probe has a time limit.
            up = client.probe().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        } catch (java.util.concurrent.ExecutionException e) {
            up = false;
        }
    }

    /** Whether the last probe reached a healthy instance whose breaker is not open. */
    public boolean up() {
        return up;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
