package dev.baton.common.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import com.sun.management.UnixOperatingSystemMXBean;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The metric registry of a process, also published over JMX under the domain {@code baton.<process>}, with
 * the process's own memory and descriptor gauges: {@code jvm.heap.used}, {@code jvm.direct.used} (the JDK's
 * direct buffers and Netty's direct memory, each byte counted once) and {@code process.open-descriptors}.
 */
public final class MetricsSetup implements AutoCloseable {
    /**
     * Whether Netty's direct memory is also in the JDK's direct buffer pool. With Unsafe and a cleaner (as
     * Baton's processes run on JDK 24+) Netty's buffers are the JDK's own, so adding its count to the pool's
     * would count them twice. Otherwise the two are apart (JDK 25 without Unsafe: the pool holds the unpooled
     * buffers, Netty's count its pooled chunks), and the sum is the total.
     */
    private static final boolean NETTY_IN_JDK_POOL =
            PlatformDependent.hasUnsafe() && !PlatformDependent.useDirectBufferNoCleaner();

    private final MetricRegistry registry = new MetricRegistry();
    private final JmxReporter jmx;

    private MetricsSetup(String process) {
        registry.gauge("jvm.heap.used", () -> (Gauge<Long>) () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        registry.gauge("jvm.direct.used", () -> (Gauge<Long>) MetricsSetup::directMemoryUsed);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            registry.gauge("process.open-descriptors", () -> (Gauge<Long>) unix::getOpenFileDescriptorCount);
        }
        this.jmx = JmxReporter.forRegistry(registry).inDomain("baton." + process).build();
        jmx.start();
    }

    public static MetricsSetup start(String process) {
        return new MetricsSetup(process);
    }

    static long directMemoryUsed() {
        long jdk = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                jdk += pool.getMemoryUsed();
            }
        }
        long netty = Math.max(0, PlatformDependent.usedDirectMemory()); // -1: Netty does not count
        return NETTY_IN_JDK_POOL ? Math.max(jdk, netty) : jdk + netty;
    }

    public MetricRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        jmx.stop();
    }
}
