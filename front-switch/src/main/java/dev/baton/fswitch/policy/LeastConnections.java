package dev.baton.fswitch.policy;

import dev.baton.fswitch.pool.Backend;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The candidate with the fewest active connections per unit of weight; ties go round robin. */
public final class LeastConnections implements BalancingPolicy {
    private final AtomicInteger start = new AtomicInteger();

    @Override
    public Backend pick(List<Backend> candidates, InetSocketAddress client) {
        int n = candidates.size();
        int offset = Math.floorMod(start.getAndIncrement(), n);
        Backend best = null;
        for (int i = 0; i < n; i++) {
            Backend b = candidates.get((offset + i) % n);
            if (best == null || load(b) < load(best)) {
                best = b;
            }
        }
        return best;
    }

    static double load(Backend b) {
        return (b.activeConnections() + 1.0) / Math.max(1, b.effectiveWeight());
    }
}
