package dev.baton.app.data;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

/**
 * The data-tier client's gauges: the tier-wide bulkhead, how many instances are known and ejected,
 * and per instance ({@code data-tier.instance.<host>_<port>.*}) its breaker state and free bulkhead
 * room, added when the instance first takes a call and removed when it leaves the membership.
 *
 * <pre>{@code
 * DataTierMetrics.register(registry, client);
 * }</pre>
 */
public final class DataTierMetrics implements GuardedInstances.Listener {
    private static final String PREFIX = "data-tier.instance.";
    private final MetricRegistry registry;

    private DataTierMetrics(MetricRegistry registry) {
        this.registry = registry;
    }

    /** Registers the gauges of {@code client} in {@code registry}. */
    public static DataTierMetrics register(MetricRegistry registry, DataTierClient client) {
        DataTierMetrics metrics = new DataTierMetrics(registry);
        registry.register("data-tier.bulkhead.available", (Gauge<Integer>) () -> client.bulkhead().getMetrics().getAvailableConcurrentCalls());
        registry.register("data-tier.instances", (Gauge<Integer>) () -> client.instances().current().size());
        registry.register("data-tier.instances.ejected", (Gauge<Long>) () -> client.instances().current().stream().filter(InstanceGuard::open).count());
        client.instances().listen(metrics);
        return metrics;
    }

    static String name(InstanceGuard guard) {
        return PREFIX + guard.uri().getHost() + "_" + guard.uri().getPort();
    }

    @Override
    public void added(InstanceGuard guard) {
        String name = name(guard);
        registry.remove(name + ".breaker.state"); // a returning instance replaces its old guard's gauges
        registry.remove(name + ".breaker.open");
        registry.remove(name + ".bulkhead.available");
        registry.register(name + ".breaker.state", (Gauge<String>) () -> guard.breaker().getState().name());
        registry.register(name + ".breaker.open", (Gauge<Boolean>) guard::open);
        registry.register(name + ".bulkhead.available", (Gauge<Integer>) () -> guard.bulkhead().getMetrics().getAvailableConcurrentCalls());
    }

    @Override
    public void removed(InstanceGuard guard) {
        registry.removeMatching((name, metric) -> name.startsWith(name(guard) + "."));
    }
}
