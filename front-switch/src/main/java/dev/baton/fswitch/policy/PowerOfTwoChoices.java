package dev.baton.fswitch.policy;

import dev.baton.fswitch.pool.Backend;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Two distinct random candidates, the less loaded (active connections per weight) of the two. */
public final class PowerOfTwoChoices implements BalancingPolicy {
    @Override
    public Backend pick(List<Backend> candidates, InetSocketAddress client) {
        int n = candidates.size();
        if (n == 1) {
            return candidates.get(0);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int i = random.nextInt(n);
        int j = random.nextInt(n - 1);
        Backend a = candidates.get(i);
        Backend b = candidates.get(j >= i ? j + 1 : j);
        return LeastConnections.load(b) < LeastConnections.load(a) ? b : a;
    }
}
