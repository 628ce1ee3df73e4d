package dev.baton.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void writesEachKindOfMetric() {
        MetricRegistry r = new MetricRegistry();
        r.counter("connections.active").inc(3);
        r.meter("connections.accepted").mark(7);
        r.timer("connect.latency").update(2, TimeUnit.MILLISECONDS);
        r.gauge("pool.size", () -> () -> 4);
        String text = PrometheusText.format(r);
        assertThat(text).contains("baton_connections_active 3\n")
                .contains("# TYPE baton_connections_accepted_total counter\nbaton_connections_accepted_total 7\n")
                .contains("baton_connect_latency_seconds{quantile=\"0.99\"} 0.002")
                .contains("baton_connect_latency_seconds_count 1\n")
                .contains("baton_pool_size 4\n");
    }

    @Test
    void perMemberMetricsBecomeOneFamilyWithTheIdAsALabel() {
        MetricRegistry r = new MetricRegistry();
        r.gauge("backends.app-1.active", () -> () -> 2);
        r.gauge("backends.app-2.active", () -> () -> 5);
        r.gauge("backends.total", () -> () -> 2);
        r.gauge("backends.web.example.org.active", () -> () -> 1);
        r.gauge("backends.say \"hi\".active", () -> () -> 0);
        r.timer("backends.app-1.connect").update(1, TimeUnit.MILLISECONDS);
        String text = PrometheusText.format(r, Map.of("backends", "backend"));
        assertThat(text).containsOnlyOnce("# TYPE baton_backends_active gauge\n")
                .contains("baton_backends_active{backend=\"app-1\"} 2\n")
                .contains("baton_backends_active{backend=\"app-2\"} 5\n")
                .contains("baton_backends_active{backend=\"web.example.org\"} 1\n")
                .contains("baton_backends_active{backend=\"say \\\"hi\\\"\"} 0\n")
                .contains("baton_backends_total 2\n") // not per member: no label
                .contains("baton_backends_connect_seconds{backend=\"app-1\",quantile=\"0.99\"} 0.001")
                .contains("baton_backends_connect_seconds_count{backend=\"app-1\"} 1\n");
        // every family's samples directly under its one TYPE line
        String family = text.substring(text.indexOf("# TYPE baton_backends_active"));
        assertThat(family.lines().skip(1).limit(4)).allMatch(l -> l.startsWith("baton_backends_active{"));
    }
}
