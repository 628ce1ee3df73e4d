package dev.baton.fswitch.pool;

import dev.baton.common.discovery.Member;
import dev.baton.fswitch.HealthConfig;
import dev.baton.fswitch.policy.BalancingPolicy;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members of the app service as the switch uses them. Membership snapshots replace the list (keeping
 * the state of members that stay); {@link #choose} applies health, draining, the ejection cap and the
 * panic threshold and lets a policy pick among what remains. A member that leaves while the switch still holds
 * connections to it stays {@link #listed} as leaving, never chosen, until the last of them ends.
 *
 * <pre>{@code
 * Backend b = pool.choose(policy, clientAddress, tried);   // null: nothing to connect to
 * ... connect ...
 * pool.connected(b, nanos);  // or pool.connectFailed(b, nanos, cause)
 * pool.released(b);          // when the connection ends
 * }</pre>
 */
public final class BackendPool {
    private static final Logger log = LoggerFactory.getLogger(BackendPool.class);

    private final Clock clock;
    private final PoolListener listener;
    private volatile HealthConfig health;
    private volatile List<Backend> backends = List.of();
    /** Backends that left while holding connections, by id; an id is a member or leaving, never both. */
    private final Map<String, Backend> leaving = new ConcurrentHashMap<>();
    private volatile int backendMaxConnections;
    private final WaitQueue queue = new WaitQueue(1024, 5000);
    private boolean seeded;

    public BackendPool(HealthConfig health, Clock clock, PoolListener listener) {
        this.health = health;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Replaces the membership; members that stay keep their state, new ones slow-start (after the first snapshot).
     * A member registered again (new endpoints, or back while still leaving) is a new backend that takes over the
     * connections of the old one.
     */
    public synchronized void update(List<Member> members) {
        Map<String, Backend> old = new LinkedHashMap<>();
        backends.forEach(b -> old.put(b.id(), b));
        List<Backend> next = new ArrayList<>(members.size());
        List<Backend> returned = new ArrayList<>();
        for (Member m : members) {
            Backend kept = old.remove(m.id());
            if (kept != null && sameEndpoints(kept, m)) {
                kept.details(m.details());
                next.add(kept);
            } else {
                Backend earlier = kept != null ? kept : leaving.get(m.id());
                if (earlier != null && earlier.left()) {
                    returned.add(earlier);
                }
                next.add(newBackend(m, retire(earlier)));
            }
        }
        // Departures go to the leaving list before the new list is published, and members back from it leave
        // that list only after: listed() reads the members first, so it never misses either.
        old.values().forEach(this::depart);
        backends = List.copyOf(next);
        returned.forEach(b -> leaving.remove(b.id(), b));
        queue.wakeAll();
        seeded = true;
    }

    /** Takes an earlier incarnation (or null) of a member registering again out of the pool, and returns it. */
    private Backend retire(Backend b) {
        if (b == null) {
            return null;
        }
        if (!b.left()) {
            b.leave();
            listener.left(b);
        }
        log.info("backend {} registered anew; its {} relayed connection(s) carry over", b, b.relayedConnections());
        listener.removed(b); // before the new incarnation is added: their metrics have the same names
        return b;
    }

    private void depart(Backend b) {
        b.leave(); // before looking at its connections: a choose() that reserved one meanwhile sees this and backs out
        listener.left(b);
        if (!b.holdsConnections()) {
            log.info("backend {} left", b);
            listener.removed(b);
            return;
        }
        leaving.put(b.id(), b);
        log.info("backend {} left; listed as leaving while its {} relayed connection(s) finish", b,
                b.relayedConnections());
        forgetIfDone(b); // the last one may have ended before it was put there
    }

    /** Drops the leaving backend of {@code b}'s id (an earlier incarnation may share its counts) once it holds nothing. */
    private void forgetIfDone(Backend b) {
        if (!b.left()) {
            return; // a member, the common case: no lock
        }
        Backend gone = leaving.get(b.id());
        if (gone == null || gone.holdsConnections()) {
            return;
        }
        synchronized (this) { // with update(): a member registering again under this id must keep its metrics
            if (leaving.remove(b.id(), gone)) {
                log.info("backend {} gone: its last connection ended", gone);
                listener.removed(gone);
            }
        }
    }

    /** Same address, port, handoff socket and host: otherwise a member is a new backend (new handoff client). */
    private static boolean sameEndpoints(Backend kept, Member m) {
        return kept.address().getHostString().equals(m.details().host()) && kept.address().getPort() == m.details().port()
                && Objects.equals(kept.details().handoffSocket(), m.details().handoffSocket())
                && Objects.equals(kept.details().hostId(), m.details().hostId());
    }

    private Backend newBackend(Member m, Backend predecessor) {
        Backend b = new Backend(m, health, clock, seeded, predecessor);
        b.passiveHealth().onEject(() -> {
            log.warn("backend {} ejected (ejection #{})", b, b.ejections());
            listener.ejected(b);
        });
        log.info("backend {} joined", b);
        listener.added(b);
        return b;
    }

    /** The members: what new connections are chosen from. */
    public List<Backend> backends() {
        return backends;
    }

    /** The members and the backends that left but still hold connections, by id: what {@code GET /backends} shows. */
    public List<Backend> listed() {
        Map<String, Backend> byId = new TreeMap<>();
        backends.forEach(b -> byId.put(b.id(), b)); // first, as update() orders its writes for this reader
        leaving.values().forEach(b -> byId.putIfAbsent(b.id(), b)); // a member registered again wins over its old self
        return List.copyOf(byId.values());
    }

    /** A member, or a backend still leaving, by id. */
    public Optional<Backend> find(String id) {
        for (Backend b : backends) {
            if (b.id().equals(id)) {
                return Optional.of(b);
            }
        }
        return Optional.ofNullable(leaving.get(id));
    }

    /**
     * Picks a backend for a new connection, skipping {@code exclude} (backends already tried), or returns null
     * when none is left. The caller must report the outcome: {@link #connected} or {@link #connectFailed}.
     */
    public Backend choose(BalancingPolicy policy, InetSocketAddress client, Collection<Backend> exclude) {
        return choose(policy, client, exclude, b -> true);
    }

    /**
     * Like {@link #choose(BalancingPolicy, InetSocketAddress, Collection)} among the backends {@code eligible}
     * accepts only (handoff mode: same-host backends with a handoff socket); the panic threshold counts those.
     */
    public Backend choose(BalancingPolicy policy, InetSocketAddress client, Collection<Backend> exclude,
                          Predicate<Backend> eligible) {
        int limit = backendMaxConnections;
        List<Backend> usable = candidates(exclude, eligible, limit);
        while (!usable.isEmpty()) {
            Backend b = policy.pick(usable, client);
            if (b.tryReserve(limit)) {
                // left() is read after the reservation, and update() sets it before looking at reservations:
                // a backend leaving meanwhile either is refused here or lingers until this slot is given back.
                if (!b.left() && b.passiveHealth().tryAcquire()) {
                    return b;
                }
                b.unreserve();
                forgetIfDone(b);
            }
            usable.remove(b);
        }
        return null;
    }

    /**
     * Whether a client that {@link #choose} found no backend for should wait in the {@link #queue()}: some
     * backend would take it but for its maxconn.
     */
    public boolean saturated(Collection<Backend> exclude, Predicate<Backend> eligible) {
        int limit = backendMaxConnections;
        return limit > 0 && !candidates(exclude, eligible, 0).isEmpty();
    }

    /** The clients waiting for a slot while every backend is at its maxconn. */
    public WaitQueue queue() {
        return queue;
    }

    private List<Backend> candidates(Collection<Backend> exclude, Predicate<Backend> eligible, int limit) {
        List<Backend> all = eligible(eligible);
        List<Backend> healthy = new ArrayList<>(all.size());
        List<Backend> accepting = new ArrayList<>(all.size());
        int healthyCount = 0;
        boolean overCap = ejectedCount(all) > maxEjected(all.size());
        for (Backend b : all) {
            if (!b.accepting()) {
                continue;
            }
            boolean ok = b.healthy() || (overCap && !b.checkedDown());
            healthyCount += ok ? 1 : 0;
            if (exclude.contains(b) || b.full(limit)) {
                continue;
            }
            accepting.add(b);
            if (ok) {
                healthy.add(b);
            }
        }
        // Envoy's panic threshold: with too few healthy backends, spreading load over all beats overloading a few.
        boolean panic = healthyCount * 100 < health.panicThresholdPercent() * (long) countAccepting(all);
        return panic ? accepting : healthy;
    }

    private List<Backend> eligible(Predicate<Backend> eligible) {
        List<Backend> out = new ArrayList<>(backends);
        out.removeIf(eligible.negate());
        return out;
    }

    private static int countAccepting(List<Backend> all) {
        int n = 0;
        for (Backend b : all) {
            n += b.accepting() ? 1 : 0;
        }
        return n;
    }

    private static int ejectedCount(List<Backend> all) {
        int n = 0;
        for (Backend b : all) {
            n += b.passiveHealth().ejected() ? 1 : 0;
        }
        return n;
    }

    /** The most backends passive health may eject at once: a share of the pool, but at least one. */
    int maxEjected(int size) {
        return Math.max(1, size * health.maxEjectionPercent() / 100);
    }

    /** A connect succeeded after {@code nanos}; the backend now holds one more active connection. */
    public void connected(Backend b, long nanos) {
        b.passiveHealth().succeeded(nanos);
        b.opened();
    }

    /** A connect failed; a refused one ejects the backend at once unless the ejection cap is reached. */
    public void connectFailed(Backend b, long nanos, Throwable cause) {
        slotFreed(b);
        if (b.left()) {
            return; // it takes no new connections, so its health no longer matters (and a stopping server refuses)
        }
        PassiveHealth passive = b.passiveHealth();
        passive.failed(nanos, cause);
        if (Failure.of(cause) == Failure.REFUSED && !passive.ejected()
                && ejectedCount(backends) < maxEjected(backends.size())) {
            passive.eject();
        }
    }

    /** A connection was handed off to the backend after {@code nanos}; its load now comes from its reports. */
    public void handedOff(Backend b, long nanos) {
        b.passiveHealth().succeeded(nanos);
        b.handedOff();
        slotFreed(b); // a handed-off connection's load comes from the backend's reports, not a relay slot
    }

    /** A handoff failed before the descriptor was sent: counts as a failed connect. */
    public void handoffFailed(Backend b, long nanos, Throwable cause) {
        b.handoffFailed();
        connectFailed(b, nanos, cause);
    }

    /** A chosen backend was not connected to after all (the client went away first). */
    public void abandoned(Backend b) {
        b.passiveHealth().release();
        slotFreed(b);
    }

    /**
     * Takes a slot on {@code b} again without choosing: a failed handoff falls back to relaying to it. False
     * (and no slot) when {@code b} has left the membership since: it takes no new connections.
     */
    public boolean retake(Backend b) {
        b.reserve();
        if (b.left()) {
            b.unreserve();
            forgetIfDone(b);
            return false;
        }
        return true;
    }

    /** An established connection to the backend failed (reset): counts against its passive health. */
    public void reset(Backend b, Throwable cause) {
        if (!b.left()) { // a leaving server resetting what it could not finish says nothing about the next one
            b.passiveHealth().failed(0, cause);
        }
    }

    /** A connection to the backend ended. */
    public void released(Backend b) {
        b.closed();
        forgetIfDone(b);
        queue.wakeOne();
    }

    private void slotFreed(Backend b) {
        b.unreserve();
        forgetIfDone(b);
        queue.wakeOne();
    }

    /** Result of an active check run: marks down after {@code fall} failures, up (and un-ejected) after {@code rise} passes. */
    public void checked(Backend b, boolean down) {
        if (down == b.checkedDown()) {
            return;
        }
        log.warn("backend {} is {} by active health check", b, down ? "down" : "up again");
        b.checkedDown(down);
        if (!down) {
            b.passiveHealth().restore(); // it proved healthy: its passive ejection ends too
        }
    }

    /** Drains ({@code true}) or undrains a backend; false if there is no such backend. */
    public boolean drain(String id, boolean draining) {
        Optional<Backend> b = find(id);
        b.ifPresent(x -> {
            x.draining(draining);
            log.info("backend {} {}", x, draining ? "draining" : "undrained");
        });
        queue.wakeAll();
        return b.isPresent();
    }

    /** Sets the operator's weight (0-1000); false if there is no such backend. */
    public boolean weight(String id, int weight) {
        if (weight < 0 || weight > 1000) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0-1000)");
        }
        Optional<Backend> b = find(id);
        b.ifPresent(x -> {
            x.weightOverride(weight);
            log.info("backend {} weight set to {}", x, weight);
        });
        return b.isPresent();
    }

    /** Applies new health settings to backends that join from now on, and new limits at once. */
    public void reconfigure(HealthConfig health, int backendMaxConnections) {
        this.health = health;
        this.backendMaxConnections = backendMaxConnections;
        queue.wakeAll();
    }

    /** Applies new limits, including the wait queue's size and timeout. */
    public void reconfigure(HealthConfig health, int backendMaxConnections, int queueSize, int queueTimeoutMs) {
        queue.configure(queueSize, queueTimeoutMs);
        reconfigure(health, backendMaxConnections);
    }

    public HealthConfig health() {
        return health;
    }

    public int backendMaxConnections() {
        return backendMaxConnections;
    }
}
