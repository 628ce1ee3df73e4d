package dev.baton.common.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Writes a Dropwizard registry in the Prometheus text exposition format (version 0.0.4). */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {}

    public static String format(MetricRegistry registry) {
        StringBuilder out = new StringBuilder(4096);
        for (Map.Entry<String, Gauge> e : registry.getGauges().entrySet()) {
            Object value = e.getValue().getValue();
            if (value instanceof Number n) {
                sample(out, name(e.getKey()), "gauge", n.doubleValue());
            } else if (value instanceof Boolean b) {
                sample(out, name(e.getKey()), "gauge", b ? 1 : 0);
            }
        }
        for (Map.Entry<String, Counter> e : registry.getCounters().entrySet()) {
            sample(out, name(e.getKey()), "gauge", e.getValue().getCount());
        }
        for (Map.Entry<String, Meter> e : registry.getMeters().entrySet()) {
            sample(out, name(e.getKey()) + "_total", "counter", e.getValue().getCount());
        }
        for (Map.Entry<String, Histogram> e : registry.getHistograms().entrySet()) {
            summary(out, name(e.getKey()), e.getValue().getSnapshot(), e.getValue().getCount(), 1.0);
        }
        for (Map.Entry<String, Timer> e : registry.getTimers().entrySet()) {
            // Dropwizard timers record nanoseconds; Prometheus convention is seconds.
            summary(out, name(e.getKey()) + "_seconds", e.getValue().getSnapshot(), e.getValue().getCount(),
                    1.0 / TimeUnit.SECONDS.toNanos(1));
        }
        return out.toString();
    }

    static String name(String dropwizardName) {
        String n = "baton_" + dropwizardName.replaceAll("[^A-Za-z0-9_]", "_");
        return n.toLowerCase(Locale.ROOT);
    }

    private static void sample(StringBuilder out, String name, String type, double value) {
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        out.append(name).append(' ').append(number(value)).append('\n');
    }

    private static void summary(StringBuilder out, String name, Snapshot s, long count, double scale) {
        out.append("# TYPE ").append(name).append(" summary\n");
        quantile(out, name, "0.5", s.getMedian() * scale);
        quantile(out, name, "0.9", s.getValue(0.9) * scale);
        quantile(out, name, "0.99", s.get99thPercentile() * scale);
        quantile(out, name, "0.999", s.get999thPercentile() * scale);
        out.append(name).append("_count ").append(count).append('\n');
    }

    private static void quantile(StringBuilder out, String name, String q, double v) {
        out.append(name).append("{quantile=\"").append(q).append("\"} ").append(number(v)).append('\n');
    }

    private static String number(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
