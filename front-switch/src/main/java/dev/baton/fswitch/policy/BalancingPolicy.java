package dev.baton.fswitch.policy;

import dev.baton.fswitch.pool.Backend;
import java.net.InetSocketAddress;
import java.util.List;

/** Picks the backend for a new connection. Implementations are thread-safe; one instance serves one listener. */
public interface BalancingPolicy {
    /**
     * Picks one of {@code candidates}.
     *
     * @param candidates never empty: the healthy, accepting backends not yet tried, sorted by id
     * @param client     the client's address (may be null when unknown)
     */
    Backend pick(List<Backend> candidates, InetSocketAddress client);
}
