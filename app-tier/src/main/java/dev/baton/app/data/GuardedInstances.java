package dev.baton.app.data;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The {@link InstanceGuard}s of the data tier's current instances: one is made when an instance is
 * first used and dropped when the instance leaves the membership. Instances are taken round robin,
 * skipping those whose breaker is open or whose bulkhead is full.
 */
public final class GuardedInstances {
    /** Hears guards come and go (per-instance metrics). */
    public interface Listener {
        void added(InstanceGuard guard);

        void removed(InstanceGuard guard);
    }

    private final DataTierEndpoints endpoints;
    private final Function<URI, InstanceGuard> factory;
    private final ConcurrentHashMap<URI, InstanceGuard> guards = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private volatile List<URI> synced = List.of();

    GuardedInstances(DataTierEndpoints endpoints, Function<URI, InstanceGuard> factory) {
        this.endpoints = endpoints;
        this.factory = factory;
    }

    /** Adds {@code listener} and tells it about the guards that exist already. */
    public void listen(Listener listener) {
        listeners.add(listener);
        guards.values().forEach(listener::added);
    }

    /** The guards of the current instances, in membership order (made now for instances new to us). */
    public List<InstanceGuard> current() {
        List<URI> uris = endpoints.current();
        // Endpoints hand out a new list only when membership changes; the size check also catches a
        // guard that a racing caller re-made from an older list.
        if (uris != synced || guards.size() > uris.size()) {
            dropAllBut(Set.copyOf(uris));
            synced = uris;
        }
        List<InstanceGuard> current = new ArrayList<>(uris.size());
        for (URI uri : uris) {
            current.add(guards.computeIfAbsent(uri, this::make));
        }
        return current;
    }

    private InstanceGuard make(URI uri) {
        InstanceGuard guard = factory.apply(uri);
        listeners.forEach(l -> l.added(guard));
        return guard;
    }

    private void dropAllBut(Set<URI> members) {
        guards.forEach((uri, guard) -> {
            if (!members.contains(uri) && guards.remove(uri, guard)) {
                listeners.forEach(l -> l.removed(guard));
            }
        });
    }

    /**
     * Takes a permit on the next instance round robin that can take a call, preferring one not in
     * {@code tried} (a retry should go elsewhere when it can).
     *
     * @throws NoDataTierException          when no instance is known
     * @throws DataTierUnavailableException when every instance's breaker is open or bulkhead is full
     */
    InstanceGuard acquire(Set<URI> tried) {
        List<InstanceGuard> all = current();
        if (all.isEmpty()) {
            throw new NoDataTierException();
        }
        // Only a call's first attempt moves the rotation: if retries moved it too, a call that failed
        // over would push the next call back onto the instance it just left.
        int start = Math.floorMod(tried.isEmpty() ? next.getAndIncrement() : next.get(), all.size());
        InstanceGuard chosen = firstTaking(all, start, tried, false);
        if (chosen == null) {
            chosen = firstTaking(all, start, tried, true);
        }
        if (chosen == null) {
            throw refusal(all);
        }
        return chosen;
    }

    private static InstanceGuard firstTaking(List<InstanceGuard> all, int start, Set<URI> tried, boolean triedOnes) {
        for (int i = 0; i < all.size(); i++) {
            InstanceGuard guard = all.get((start + i) % all.size());
            if (tried.contains(guard.uri()) == triedOnes && guard.tryAcquire()) {
                return guard;
            }
        }
        return null;
    }

    private static DataTierUnavailableException refusal(List<InstanceGuard> all) {
        if (all.stream().allMatch(InstanceGuard::open)) {
            Duration soonest = all.stream().map(InstanceGuard::untilTrial).min(Comparator.naturalOrder()).orElseThrow();
            return new DataTierUnavailableException("data tier unavailable (circuit breaker open on every instance: "
                    + all.size() + ")", soonest, null);
        }
        return new DataTierUnavailableException("data tier busy (every instance that is not ejected is at its limit of calls in flight)",
                Duration.ofSeconds(1), null);
    }
}
