package dev.baton.fswitch.policy;

import dev.baton.fswitch.pool.Backend;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Each candidate in turn, ignoring weights. */
public final class RoundRobin implements BalancingPolicy {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Backend pick(List<Backend> candidates, InetSocketAddress client) {
        return candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
    }
}
