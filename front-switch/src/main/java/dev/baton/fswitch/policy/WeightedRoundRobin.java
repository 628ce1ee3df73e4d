package dev.baton.fswitch.policy;

import dev.baton.fswitch.pool.Backend;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Smooth weighted round robin (nginx's): over a cycle each backend is picked in proportion to its effective
 * weight, and picks of one backend are spread out rather than bunched.
 */
public final class WeightedRoundRobin implements BalancingPolicy {
    private final Map<String, Integer> current = new HashMap<>();

    @Override
    public synchronized Backend pick(List<Backend> candidates, InetSocketAddress client) {
        if (current.size() > 2 * candidates.size() + 16) {
            current.clear(); // forget members that left
        }
        int total = 0;
        Backend best = null;
        int bestValue = Integer.MIN_VALUE;
        for (Backend b : candidates) {
            int w = b.effectiveWeight();
            total += w;
            int value = current.merge(b.id(), w, Integer::sum);
            if (value > bestValue) {
                best = b;
                bestValue = value;
            }
        }
        current.put(best.id(), bestValue - total);
        return best;
    }
}
