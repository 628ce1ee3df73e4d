package dev.baton.app.server;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;

/** Request metrics every model records: a latency timer and a meter per status class. */
public final class HttpMetrics {
    private final Timer requests;
    private final Meter[] byClass = new Meter[6];

    public HttpMetrics(MetricRegistry registry) {
        this.requests = registry.timer("http.requests");
        for (int i = 1; i <= 5; i++) {
            byClass[i] = registry.meter("http.responses." + i + "xx");
        }
    }

    /** Records one answered request that started at {@code startNanos} ({@link System#nanoTime()}). */
    public void record(int status, long startNanos) {
        requests.update(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        int statusClass = status / 100;
        if (statusClass >= 1 && statusClass <= 5) {
            byClass[statusClass].mark();
        }
    }
}
