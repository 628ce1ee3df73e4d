package dev.baton.fswitch;

import dev.baton.common.config.Check;

/**
 * Connection limits of the switch; 0 means unlimited.
 *
 * @param maxConnections        relayed connections at once over all listeners; beyond it new ones are closed; default 0
 * @param backendMaxConnections connections at once to one backend (HAProxy's server maxconn), counting those being
 *                              connected; when every eligible backend is at it, new clients wait in the queue with
 *                              their reads off; default 0
 * @param queueSize             clients waiting for a backend slot, in one queue for the whole switch (all listeners
 *                              share the pool); a client that finds it full is closed; default 1024
 * @param queueTimeoutMs        longest wait in the queue, after which the client is closed; default 5000
 * @param sourceRatePerSecond   new connections per second from one client address; default 0
 */
public record LimitsConfig(Integer maxConnections, Integer backendMaxConnections, Integer queueSize,
                           Integer queueTimeoutMs, Integer sourceRatePerSecond) {
    public LimitsConfig {
        maxConnections = (int) Check.atLeast("limits.max-connections", HealthConfig.orElse(maxConnections, 0), 0);
        backendMaxConnections = (int) Check.atLeast("limits.backend-max-connections",
                HealthConfig.orElse(backendMaxConnections, 0), 0);
        queueSize = (int) Check.atLeast("limits.queue-size", HealthConfig.orElse(queueSize, 1024), 0);
        queueTimeoutMs = (int) Check.positive("limits.queue-timeout-ms", HealthConfig.orElse(queueTimeoutMs, 5000));
        sourceRatePerSecond = (int) Check.atLeast("limits.source-rate-per-second",
                HealthConfig.orElse(sourceRatePerSecond, 0), 0);
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(null, null, null, null, null);
    }
}
