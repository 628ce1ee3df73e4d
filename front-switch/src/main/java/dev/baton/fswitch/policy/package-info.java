/**
 * Balancing policies: each a small class behind {@link dev.baton.fswitch.policy.BalancingPolicy} that picks one
 * of the candidates the pool offers. Policies never see health or draining; the pool filters first.
 */
package dev.baton.fswitch.policy;
