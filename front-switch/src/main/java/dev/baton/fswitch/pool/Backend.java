package dev.baton.fswitch.pool;

import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.Member;
import dev.baton.fswitch.HealthConfig;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One backend as the pool sees it: its registered details, operator overrides (weight, draining), its
 * active connections and its health. Policies read it; only the pool changes it, except for the load
 * reports a handoff client attaches when the backend joins. Once it has left the membership it takes no new
 * connections and stays only while relayed connections to it are open.
 */
public final class Backend {
    private final String id;
    private final InetSocketAddress address;
    private final PassiveHealth passive;
    private final Clock clock;
    private final long joinedAtMillis;
    private final long slowStartMillis;
    private final AtomicInteger active;
    private final AtomicInteger reserved;
    private final LongAdder connections = new LongAdder();
    private volatile InstanceDetails details;
    private volatile Integer weightOverride;
    private volatile boolean draining;
    private volatile boolean checkedDown;
    private volatile boolean left;
    private final AtomicLong handoffs = new AtomicLong();
    private final LongAdder handoffFailures = new LongAdder();
    private volatile LoadReports reports;
    private long reportSeenNanos;
    private long handoffsAtReport;

    /**
     * A new backend; a member registered again while its earlier incarnation {@code predecessor} (or null) still
     * holds connections takes over that one's counts, so those connections count once, here, and end through
     * either object.
     */
    Backend(Member member, HealthConfig health, Clock clock, boolean slowStart, Backend predecessor) {
        this.id = member.id();
        this.active = predecessor == null ? new AtomicInteger() : predecessor.active;
        this.reserved = predecessor == null ? new AtomicInteger() : predecessor.reserved;
        this.details = member.details();
        this.address = new InetSocketAddress(member.details().host(), member.details().port());
        this.clock = clock;
        this.passive = new PassiveHealth(id, health, clock);
        this.joinedAtMillis = clock.millis();
        this.slowStartMillis = slowStart ? health.slowStartMs() : 0;
    }

    /** A backend outside any pool, for tests and tools: joined now, no slow start. */
    public static Backend of(Member member, Clock clock) {
        return new Backend(member, HealthConfig.defaults(), clock, false, null);
    }

    public String id() {
        return id;
    }

    public InetSocketAddress address() {
        return address;
    }

    public InstanceDetails details() {
        return details;
    }

    /** The operator's weight if set, else the registered one (0 in the registry counts as 1). */
    public int weight() {
        Integer w = weightOverride;
        return w != null ? w : Math.max(1, details.weight());
    }

    /** The weight ramped up linearly over the slow-start time after joining; at least 1 while the weight is. */
    public int effectiveWeight() {
        int w = weight();
        long age = clock.millis() - joinedAtMillis;
        if (w == 0 || slowStartMillis <= 0 || age >= slowStartMillis) {
            return w;
        }
        return (int) Math.max(1, w * Math.max(0, age) / slowStartMillis);
    }

    /**
     * Active connections: the relayed ones the switch holds; for a backend that reports its load (handoff),
     * the larger of that and its last report plus the connections handed to it since that report.
     */
    public int activeConnections() {
        int local = active.get();
        LoadReports r = reports;
        if (r == null) {
            return local;
        }
        int reported = r.reportedActive();
        int pending = (int) Math.min(Integer.MAX_VALUE / 2, pendingHandoffs(r.lastReportNanos()));
        return reported < 0 ? local + pending : Math.max(local, reported + pending);
    }

    /** Slots taken by connections being set up (chosen, not yet connected or handed off). */
    public int reservedConnections() {
        return reserved.get();
    }

    /** Whether the backend is at {@code limit} (its maxconn; 0 is unlimited) counting connections being set up. */
    boolean full(int limit) {
        return limit > 0 && activeConnections() + reserved.get() >= limit;
    }

    /**
     * Takes a slot for a connection being set up, unless that goes past {@code limit}. Two event loops racing
     * for the last slot may both be refused, never both admitted.
     */
    boolean tryReserve(int limit) {
        int r = reserved.incrementAndGet();
        if (limit > 0 && activeConnections() + r > limit) {
            reserved.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives a reserved slot back (never below zero: tests and tools may report outcomes without choosing). */
    void unreserve() {
        reserved.getAndUpdate(r -> r > 0 ? r - 1 : 0);
    }

    void reserve() {
        reserved.incrementAndGet();
    }

    /** Relayed connections open through the switch now. */
    public int relayedConnections() {
        return active.get();
    }

    /** Handoffs since the report last seen; a new report already counts the earlier ones. */
    private synchronized long pendingHandoffs(long reportNanos) {
        long total = handoffs.get();
        if (reportNanos != reportSeenNanos) {
            reportSeenNanos = reportNanos;
            handoffsAtReport = total;
        }
        return Math.max(0, total - handoffsAtReport);
    }

    /** The receiver's load reports, or null when the backend takes no handoffs from this switch. */
    public LoadReports loadReports() {
        return reports;
    }

    /** Attaches the receiver's load reports; called once, when the backend joins the pool. */
    public void loadReports(LoadReports reports) {
        this.reports = reports;
    }

    /** Connections handed off to this backend. */
    public long handoffs() {
        return handoffs.get();
    }

    /** Handoffs to this backend that failed before the descriptor was sent. */
    public long handoffFailures() {
        return handoffFailures.sum();
    }

    public long totalConnections() {
        return connections.sum();
    }

    public long ejections() {
        return passive.ejections();
    }

    public boolean draining() {
        return draining;
    }

    public PassiveHealth passiveHealth() {
        return passive;
    }

    public BackendState state() {
        if (left) {
            return BackendState.LEAVING;
        }
        if (draining) {
            return BackendState.DRAINING;
        }
        if (checkedDown) {
            return BackendState.DOWN;
        }
        return passive.ejected() ? BackendState.EJECTED : BackendState.UP;
    }

    /** Takes new connections at all (a member, not draining, weight above 0), healthy or not. */
    boolean accepting() {
        return !left && !draining && weight() > 0;
    }

    /** Whether it left the membership: it takes no new connections, and the pool lists it only while it holds some. */
    public boolean left() {
        return left;
    }

    /**
     * Marks it gone from the membership. Its load reports go too: connections handed off to it are the
     * backend's own, so from now on its load is only what the switch holds (relayed ones and those being set up).
     */
    void leave() {
        left = true;
        reports = null;
    }

    /** Connections the switch still holds to it: relayed ones, or ones being set up (a relay connect or a handoff). */
    boolean holdsConnections() {
        // Reservation first: opened() counts the connection active before it gives the reservation back, so in
        // this order a connect completing meanwhile is seen in one or the other, never missed between the two.
        return reserved.get() > 0 || active.get() > 0;
    }

    /** Passes active checks and is not ejected (or its ejection backoff is over). */
    boolean healthy() {
        return !checkedDown && passive.available();
    }

    boolean checkedDown() {
        return checkedDown;
    }

    void checkedDown(boolean down) {
        this.checkedDown = down;
    }

    void draining(boolean value) {
        this.draining = value;
    }

    void weightOverride(Integer weight) {
        this.weightOverride = weight;
    }

    void details(InstanceDetails details) {
        this.details = details;
    }

    void opened() {
        active.incrementAndGet(); // before the reservation goes, so the count never dips below the truth
        unreserve();
        connections.increment();
    }

    void closed() {
        active.decrementAndGet();
    }

    void handedOff() {
        LoadReports r = reports;
        if (r != null) {
            pendingHandoffs(r.lastReportNanos()); // a report that arrived since is taken before this handoff counts
        }
        handoffs.incrementAndGet();
        connections.increment();
    }

    void handoffFailed() {
        handoffFailures.increment();
    }

    @Override
    public String toString() {
        return id + "@" + address.getHostString() + ":" + address.getPort();
    }
}
