package dev.baton.data.http;

import dev.baton.common.http.AdminRoutes;
import dev.baton.data.store.Database;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks the database on its own thread, every {@code intervalMillis}, so that {@code /health} answers
 * from the last result without blocking the event loop, and still answers when the JDBC executor is busy.
 */
public final class HealthMonitor implements AutoCloseable {
    private final Database db;
    private final String instanceId;
    private final ScheduledExecutorService scheduler;
    private volatile boolean up;
    private volatile long checkedAtMillis;

    public HealthMonitor(Database db, String instanceId, long intervalMillis) {
        this.db = db;
        this.instanceId = instanceId;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "data-health");
            t.setDaemon(true);
            return t;
        });
        check();
        scheduler.scheduleWithFixedDelay(this::check, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs one check now. Blocks for up to the pool's connection timeout (5 s) when the database is down. */
    void check() {
        up = db.isReachable(2);
        checkedAtMillis = System.currentTimeMillis();
    }

    /** Whether the last check reached the database. */
    public boolean up() {
        return up;
    }

    /** The answer of {@code /health}: 200 {@code {"status":"UP","engine":...}} or 503 with status DOWN. */
    public AdminRoutes.Health health() {
        boolean ok = up;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", ok ? "UP" : "DOWN");
        details.put("engine", db.engine().label());
        details.put("id", instanceId);
        details.put("database", ok ? "reachable" : "unreachable");
        details.put("checkedMillisAgo", Math.max(0, System.currentTimeMillis() - checkedAtMillis));
        return new AdminRoutes.Health(ok, details);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
