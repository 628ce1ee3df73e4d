/**
 * The backend pool: the members seen in ZooKeeper with their state (draining, weight, active connections),
 * their health (active checks and a passive circuit breaker each) and the choice of a backend through a
 * {@link dev.baton.fswitch.policy.BalancingPolicy}. The relay path uses it, and the handoff path reuses it.
 */
package dev.baton.fswitch.pool;
