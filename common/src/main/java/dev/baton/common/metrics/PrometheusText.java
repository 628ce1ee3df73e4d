package dev.baton.common.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes a Dropwizard registry in the Prometheus text exposition format (version 0.0.4). Dropwizard names
 * have no labels, so a process names the groups whose metrics are per member ({@code <group>.<id>.<metric>},
 * such as the switch's {@code backends.app-1.active}); their id becomes a label of one metric family
 * ({@code baton_backends_active{backend="app-1"}}), which is what a Prometheus query sums or filters over.
 *
 * <pre>{@code
 * String text = PrometheusText.format(registry, Map.of("backends", "backend"));
 * }</pre>
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {}

    public static String format(MetricRegistry registry) {
        return format(registry, Map.of());
    }

    /** @param labelled group name to label name, for the groups whose metrics are named {@code <group>.<id>.<metric>} */
    public static String format(MetricRegistry registry, Map<String, String> labelled) {
        Families families = new Families(labelled);
        for (Map.Entry<String, Gauge> e : registry.getGauges().entrySet()) {
            Object value = e.getValue().getValue();
            if (value instanceof Number n) {
                families.sample(e.getKey(), "", "gauge", n.doubleValue());
            } else if (value instanceof Boolean b) {
                families.sample(e.getKey(), "", "gauge", b ? 1 : 0);
            }
        }
        for (Map.Entry<String, Counter> e : registry.getCounters().entrySet()) {
            families.sample(e.getKey(), "", "gauge", e.getValue().getCount());
        }
        for (Map.Entry<String, Meter> e : registry.getMeters().entrySet()) {
            families.sample(e.getKey(), "_total", "counter", e.getValue().getCount());
        }
        for (Map.Entry<String, Histogram> e : registry.getHistograms().entrySet()) {
            families.summary(e.getKey(), "", e.getValue().getSnapshot(), e.getValue().getCount(), 1.0);
        }
        for (Map.Entry<String, Timer> e : registry.getTimers().entrySet()) {
            // Dropwizard timers record nanoseconds; Prometheus convention is seconds.
            families.summary(e.getKey(), "_seconds", e.getValue().getSnapshot(), e.getValue().getCount(),
                    1.0 / TimeUnit.SECONDS.toNanos(1));
        }
        return families.text();
    }

    static String name(String dropwizardName) {
        String n = "baton_" + dropwizardName.replaceAll("[^A-Za-z0-9_]", "_");
        return n.toLowerCase(Locale.ROOT);
    }

    /** Samples grouped by metric family: the format wants each family's lines together under one TYPE line. */
    private static final class Families {
        private final Map<String, String> labelled;
        private final Map<String, StringBuilder> lines = new LinkedHashMap<>();

        Families(Map<String, String> labelled) {
            this.labelled = labelled;
        }

        void sample(String dropwizardName, String suffix, String type, double value) {
            Named n = named(dropwizardName, suffix);
            family(n.family, type).append(n.family).append(braces(n.label)).append(' ').append(number(value)).append('\n');
        }

        void summary(String dropwizardName, String suffix, Snapshot s, long count, double scale) {
            Named n = named(dropwizardName, suffix);
            StringBuilder out = family(n.family, "summary");
            for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
                String quantile = "quantile=\"" + q + "\"";
                out.append(n.family).append(braces(n.label.isEmpty() ? quantile : n.label + "," + quantile)).append(' ')
                        .append(number(s.getValue(q) * scale)).append('\n');
            }
            out.append(n.family).append("_count").append(braces(n.label)).append(' ').append(count).append('\n');
        }

        private StringBuilder family(String family, String type) {
            return lines.computeIfAbsent(family, f -> new StringBuilder("# TYPE " + f + " " + type + "\n"));
        }

        /** The family name and label of {@code dropwizardName}: {@code group.id.metric} when group is labelled. */
        private Named named(String dropwizardName, String suffix) {
            int first = dropwizardName.indexOf('.');
            int last = dropwizardName.lastIndexOf('.');
            String label = first > 0 && last > first + 1 ? labelled.get(dropwizardName.substring(0, first)) : null;
            if (label == null) {
                return new Named(name(dropwizardName) + suffix, "");
            }
            String id = dropwizardName.substring(first + 1, last);
            return new Named(name(dropwizardName.substring(0, first) + dropwizardName.substring(last)) + suffix,
                    label + "=\"" + escape(id) + "\"");
        }

        String text() {
            StringBuilder out = new StringBuilder(4096);
            lines.values().forEach(out::append);
            return out.toString();
        }
    }

    private record Named(String family, String label) {}

    private static String braces(String labels) {
        return labels.isEmpty() ? "" : "{" + labels + "}";
    }

    /** A label value as the format quotes it: backslash, double quote and newline escaped. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
