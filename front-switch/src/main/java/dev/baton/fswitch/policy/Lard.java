package dev.baton.fswitch.policy;

import dev.baton.fswitch.ContentConfig;
import dev.baton.fswitch.pool.Backend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LARD with replication, LARD/R (Pai et al., ASPLOS 1998): each target (request path) is served by a set of
 * backends, so their caches stay warm for it. A request goes to the least loaded member of its target's set.
 * The set grows by the least loaded backend when its least loaded member is above T_high while some backend is
 * below T_low, or at 2 x T_high in any case; a set unchanged for {@code idle-ms} gives up its most loaded
 * member. Load is a backend's active connections (for handed-off backends, its own reports).
 *
 * <pre>{@code
 * Lard lard = new Lard(ContentConfig.defaults(), clock);
 * Backend b = pool.choose((candidates, client) -> lard.pick("/img/logo.png", candidates), client, tried);
 * }</pre>
 */
public final class Lard {
    private final int low;
    private final int high;
    private final long idleMillis;
    private final Clock clock;
    private final Map<String, ServerSet> sets;

    public Lard(ContentConfig config, Clock clock) {
        this.low = config.lowLoad();
        this.high = config.highLoad();
        this.idleMillis = config.idleMs();
        this.clock = clock;
        int max = config.maxTargets();
        this.sets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ServerSet> eldest) {
                return size() > max; // arbitrary paths must not grow memory without bound
            }
        };
    }

    /** Picks one of {@code candidates} (never empty) for {@code target} and updates the target's server set. */
    public synchronized Backend pick(String target, List<Backend> candidates) {
        long now = clock.millis();
        ServerSet set = sets.computeIfAbsent(target, t -> new ServerSet(now));
        List<Backend> members = set.present(candidates);
        if (members.isEmpty()) {
            Backend least = leastLoaded(candidates);
            set.add(least, now);
            return least;
        }
        Backend n = leastLoaded(members);
        Backend m = mostLoaded(members);
        int load = n.activeConnections();
        if ((load > high && anyBelow(candidates, low)) || load >= 2 * high) {
            n = leastLoaded(candidates);
            set.add(n, now);
        }
        if (set.size() > 1 && m != n && now - set.lastModified >= idleMillis) {
            set.remove(m, now);
        }
        return n;
    }

    /** The ids serving {@code target} now, for tests and the admin view. */
    public synchronized List<String> serverSet(String target) {
        ServerSet set = sets.get(target);
        return set == null ? List.of() : List.copyOf(set.ids);
    }

    /** Targets remembered. */
    public synchronized int targets() {
        return sets.size();
    }

    private static Backend leastLoaded(List<Backend> backends) {
        Backend best = backends.get(0);
        for (Backend b : backends) {
            if (b.activeConnections() < best.activeConnections()) {
                best = b;
            }
        }
        return best;
    }

    private static Backend mostLoaded(List<Backend> backends) {
        Backend worst = backends.get(0);
        for (Backend b : backends) {
            if (b.activeConnections() > worst.activeConnections()) {
                worst = b;
            }
        }
        return worst;
    }

    private static boolean anyBelow(List<Backend> backends, int threshold) {
        for (Backend b : backends) {
            if (b.activeConnections() < threshold) {
                return true;
            }
        }
        return false;
    }

    /** One target's backends by id (ids, so departed backends are not kept alive), and when it last changed. */
    private static final class ServerSet {
        final List<String> ids = new ArrayList<>(2);
        long lastModified;

        ServerSet(long now) {
            this.lastModified = now;
        }

        List<Backend> present(List<Backend> candidates) {
            List<Backend> out = new ArrayList<>(ids.size());
            for (Backend b : candidates) {
                if (ids.contains(b.id())) {
                    out.add(b);
                }
            }
            return out;
        }

        void add(Backend b, long now) {
            if (!ids.contains(b.id())) {
                ids.add(b.id());
                lastModified = now;
            }
        }

        void remove(Backend b, long now) {
            ids.remove(b.id());
            lastModified = now;
        }

        int size() {
            return ids.size();
        }
    }
}
