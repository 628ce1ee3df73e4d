package dev.baton.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
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
}
