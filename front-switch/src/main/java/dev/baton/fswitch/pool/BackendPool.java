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
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members of the app service as the switch uses them. Membership snapshots replace the list (keeping
 * the state of members that stay); {@link #choose} applies health, draining, the ejection cap and the
 * panic threshold and lets a policy pick among what remains.
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
    private volatile int backendMaxConnections;
    private final WaitQueue queue = new WaitQueue(1024, 5000);
    private boolean seeded;

    public BackendPool(HealthConfig health, Clock clock, PoolListener listener) {
        this.health = health;
        this.clock = clock;
        this.listener = listener;
    }

    /** Replaces the membership; members that stay keep their state, new ones slow-start (after the first snapshot). */
    public synchronized void update(List<Member> members) {
        Map<String, Backend> old = new LinkedHashMap<>();
        backends.forEach(b -> old.put(b.id(), b));
        List<Backend> next = new ArrayList<>(members.size());
        for (Member m : members) {
            Backend kept = old.remove(m.id());
            if (kept != null && sameEndpoints(kept, m)) {
                kept.details(m.details());
                next.add(kept);
            } else {
                if (kept != null) {
                    old.put(m.id(), kept);
                }
                next.add(newBackend(m));
            }
        }
        backends = List.copyOf(next);
        queue.wakeAll();
        old.values().forEach(b -> {
            log.info("backend {} left ({} connections still open)", b, b.activeConnections());
            listener.removed(b);
        });
        seeded = true;
    }

    /** Same address, port, handoff socket and host: otherwise a member is a new backend (new handoff client). */
    private static boolean sameEndpoints(Backend kept, Member m) {
        return kept.address().getHostString().equals(m.details().host()) && kept.address().getPort() == m.details().port()
                && Objects.equals(kept.details().handoffSocket(), m.details().handoffSocket())
                && Objects.equals(kept.details().hostId(), m.details().hostId());
    }

    private Backend newBackend(Member m) {
        Backend b = new Backend(m, health, clock, seeded);
        b.passiveHealth().onEject(() -> {
            log.warn("backend {} ejected (ejection #{})", b, b.ejections());
            listener.ejected(b);
        });
        log.info("backend {} joined", b);
        listener.added(b);
        return b;
    }

    public List<Backend> backends() {
        return backends;
    }

    public Optional<Backend> find(String id) {
        for (Backend b : backends) {
            if (b.id().equals(id)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
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
                if (b.passiveHealth().tryAcquire()) {
                    return b;
                }
                b.unreserve();
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

    /** Takes a slot on {@code b} again without choosing: a failed handoff falls back to relaying to it. */
    public void retake(Backend b) {
        b.reserve();
    }

    /** An established connection to the backend failed (reset): counts against its passive health. */
    public void reset(Backend b, Throwable cause) {
        b.passiveHealth().failed(0, cause);
    }

    /** A connection to the backend ended. */
    public void released(Backend b) {
        b.closed();
        queue.wakeOne();
    }

    private void slotFreed(Backend b) {
        b.unreserve();
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
