package dev.baton.common.metrics;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;

/** The metric registry of a process, also published over JMX under the domain {@code baton.<process>}. */
public final class MetricsSetup implements AutoCloseable {
    private final MetricRegistry registry = new MetricRegistry();
    private final JmxReporter jmx;

    private MetricsSetup(String process) {
        this.jmx = JmxReporter.forRegistry(registry).inDomain("baton." + process).build();
        jmx.start();
    }

    public static MetricsSetup start(String process) {
        return new MetricsSetup(process);
    }

    public MetricRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        jmx.stop();
    }
}
