package dev.baton.fswitch.relay;

import dev.baton.common.net.Transport;
import dev.baton.fswitch.ListenerConfig;
import dev.baton.fswitch.Mode;
import dev.baton.fswitch.handoff.HandoffClients;
import dev.baton.fswitch.policy.BalancingPolicy;
import dev.baton.fswitch.policy.Lard;
import dev.baton.fswitch.pool.Backend;
import dev.baton.fswitch.pool.BackendPool;
import java.util.function.Predicate;

/**
 * What a listener's connections need, fixed when each connection is accepted; a reload swaps in a new
 * context for new connections while established ones keep theirs.
 *
 * @param handoffs the backends' handoff clients, or null when this listener only relays (mode relay, or no epoll)
 * @param lard     LARD/R server sets of content-aware dispatch, or null when dispatching by connection
 */
public record RelayContext(ListenerConfig listener, BalancingPolicy policy, BackendPool pool, Transport transport,
                           SwitchMetrics metrics, ConnectionGate gate, HandoffClients handoffs, Lard lard) {

    /** A relay-only context. */
    public RelayContext(ListenerConfig listener, BalancingPolicy policy, BackendPool pool, Transport transport,
                        SwitchMetrics metrics, ConnectionGate gate) {
        this(listener, policy, pool, transport, metrics, gate, null, null);
    }

    /** Whether connections to {@code b} are handed off rather than relayed. */
    boolean handsOffTo(Backend b) {
        return handoffs != null && handoffs.canHandOff(b);
    }

    /** The backends this listener may choose: in handoff mode only those that take handoffs. */
    Predicate<Backend> eligible() {
        return listener.mode() == Mode.HANDOFF ? this::handsOffTo : b -> true;
    }
}
