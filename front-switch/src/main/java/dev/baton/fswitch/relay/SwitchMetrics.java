package dev.baton.fswitch.relay;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.baton.fswitch.pool.Backend;
import dev.baton.fswitch.pool.PoolListener;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The switch's Dropwizard metrics; also hears the pool to keep per-backend gauges. */
public final class SwitchMetrics implements PoolListener {
    /** The per-backend gauges, {@code backends.<id>.<gauge>}: registered and removed from this one list. */
    private static final Map<String, Function<Backend, Gauge<?>>> BACKEND_GAUGES = Map.of(
            "active", b -> b::activeConnections,
            "connections", b -> b::totalConnections,
            "ejections", b -> b::ejections,
            "handoffs", b -> b::handoffs,
            "handoff-failures", b -> b::handoffFailures);
    private final MetricRegistry registry;
    private final Meter accepted;
    private final Counter active;
    private final Meter refused;
    private final Meter bytesIn;
    private final Meter bytesOut;
    private final Timer connect;
    private final Meter retries;
    private final Meter ejections;
    private final Timer handoffs;
    private final Meter handoffFailures;
    private final Timer queueWait;
    private final Meter queueTimeouts;
    private final Meter queueFull;

    public SwitchMetrics(MetricRegistry registry) {
        this.registry = registry;
        this.accepted = registry.meter("connections.accepted");
        this.active = registry.counter("connections.active");
        this.refused = registry.meter("connections.refused");
        this.bytesIn = registry.meter("bytes.in");
        this.bytesOut = registry.meter("bytes.out");
        this.connect = registry.timer("backend.connect");
        this.retries = registry.meter("backend.retries");
        this.ejections = registry.meter("backend.ejections");
        this.handoffs = registry.timer("handoff.sent");
        this.handoffFailures = registry.meter("handoff.failures");
        this.queueWait = registry.timer("queue.wait");
        this.queueTimeouts = registry.meter("queue.timeouts");
        this.queueFull = registry.meter("queue.full");
    }

    public MetricRegistry registry() {
        return registry;
    }

    void accepted() {
        accepted.mark();
        active.inc();
    }

    void closed() {
        active.dec();
    }

    /** A client turned away: no backend, or a limit. */
    public void refused() {
        refused.mark();
    }

    void bytesIn(int n) {
        bytesIn.mark(n);
    }

    void bytesOut(int n) {
        bytesOut.mark(n);
    }

    void connected(long nanos) {
        connect.update(nanos, TimeUnit.NANOSECONDS);
    }

    void handedOff(long nanos) {
        handoffs.update(nanos, TimeUnit.NANOSECONDS);
    }

    void handoffFailed() {
        handoffFailures.mark();
    }

    /** Connections handed off so far. */
    public long handoffs() {
        return handoffs.getCount();
    }

    /** Handoffs that failed before the descriptor was sent. */
    public long handoffFailures() {
        return handoffFailures.getCount();
    }

    /** A queued client got a backend slot after waiting {@code nanos}. */
    void dequeued(long nanos) {
        queueWait.update(nanos, TimeUnit.NANOSECONDS);
    }

    /** A queued client waited past the queue timeout and was closed. */
    void queueTimedOut() {
        queueTimeouts.mark();
        refused.mark();
    }

    /** A client found the backend queue full and was closed. */
    void queueFull() {
        queueFull.mark();
        refused.mark();
    }

    public long queueTimeouts() {
        return queueTimeouts.getCount();
    }

    void retried() {
        retries.mark();
    }

    public long activeConnections() {
        return active.getCount();
    }

    @Override
    public void added(Backend b) {
        BACKEND_GAUGES.forEach((gauge, of) -> registry.gauge(prefix(b) + "." + gauge, () -> of.apply(b)));
    }

    /** Removes the gauges {@link #added} registered, by name: a prefix would also take those of an id "a.b" for "a". */
    @Override
    public void removed(Backend b) {
        BACKEND_GAUGES.keySet().forEach(gauge -> registry.remove(prefix(b) + "." + gauge));
    }

    @Override
    public void ejected(Backend b) {
        ejections.mark();
    }

    private static String prefix(Backend b) {
        return "backends." + b.id();
    }
}
