package dev.baton.fswitch;

import dev.baton.common.config.Addresses;
import dev.baton.common.config.Check;
import dev.baton.fswitch.policy.Policies;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The switch's whole configuration, immutable; every key has a default, so no file is needed.
 *
 * <pre>{@code
 * zookeeper: localhost:2181
 * admin-port: 8081
 * admin-token: s3cret          # bearer token for drain / undrain / weight
 * policy: least-connections    # default of listeners that name none
 * mode: auto                   # relay (default), handoff or auto
 * dispatch: connection         # or content: HTTP/1.1 path with LARD/R
 * io-threads: 2                # event loops; default (0): one a core
 * transport: auto              # io-uring when every listener relays, else epoll; or name one
 * listeners:
 *   - { name: web, port: 8080, proxy-protocol: true }
 *   - { name: sticky, port: 8082, policy: maglev }
 * health: { check: http, path: /health, interval-ms: 1000 }
 * limits: { max-connections: 10000, backend-max-connections: 500, queue-size: 1024, queue-timeout-ms: 5000 }
 * }</pre>
 *
 * When {@code listeners} is absent there is one listener, "main", on {@code bind}:{@code port}.
 */
public record SwitchConfig(String zookeeper, Integer zookeeperSessionMs, String bind, Integer port, Integer adminPort,
                           String adminBind, String adminToken, Mode mode, String policy, Boolean proxyProtocol,
                           Integer connectTimeoutMs, Integer retries, Integer idleTimeoutMs, Integer drainTimeoutMs,
                           Integer coalesceMs, Integer ioThreads, List<ListenerConfig> listeners,
                           HealthConfig health, LimitsConfig limits, Dispatch dispatch, ContentConfig content,
                           TransportChoice transport) {
    public SwitchConfig {
        zookeeper = Addresses.zookeeper("zookeeper", zookeeper == null ? "localhost:2181" : zookeeper);
        zookeeperSessionMs = (int) Check.positive("zookeeper-session-ms", HealthConfig.orElse(zookeeperSessionMs, 5000));
        bind = Addresses.bind("bind", bind == null ? "0.0.0.0" : bind);
        port = Check.port("port", HealthConfig.orElse(port, 8080));
        adminPort = Check.port("admin-port", HealthConfig.orElse(adminPort, 8081));
        adminBind = Addresses.bind("admin-bind", adminBind == null ? bind : adminBind);
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken;
        mode = mode == null ? Mode.RELAY : mode;
        policy = Policies.check("policy", policy == null ? Policies.ROUND_ROBIN : policy);
        proxyProtocol = proxyProtocol == null || proxyProtocol;
        connectTimeoutMs = (int) Check.positive("connect-timeout-ms", HealthConfig.orElse(connectTimeoutMs, 1000));
        retries = (int) Check.atLeast("retries", HealthConfig.orElse(retries, 3), 0);
        idleTimeoutMs = (int) Check.atLeast("idle-timeout-ms", HealthConfig.orElse(idleTimeoutMs, 300_000), 0);
        drainTimeoutMs = (int) Check.atLeast("drain-timeout-ms", HealthConfig.orElse(drainTimeoutMs, 10_000), 0);
        coalesceMs = (int) Check.atLeast("coalesce-ms", HealthConfig.orElse(coalesceMs, 100), 0);
        // One event loop a core: a balancer's loops never block, so more only add context switches.
        ioThreads = (int) Check.atLeast("io-threads", HealthConfig.orElse(ioThreads, 0), 0);
        if (ioThreads == 0) {
            ioThreads = Runtime.getRuntime().availableProcessors();
        }
        dispatch = dispatch == null ? Dispatch.CONNECTION : dispatch;
        content = content == null ? ContentConfig.defaults() : content;
        listeners = resolve(listeners, bind, port, mode, policy, proxyProtocol, connectTimeoutMs, retries, idleTimeoutMs,
                dispatch, content);
        health = health == null ? HealthConfig.defaults() : health;
        limits = limits == null ? LimitsConfig.defaults() : limits;
        transport = transport == null ? TransportChoice.AUTO : transport;
    }

    /**
     * This config with the settings fixed when the switch starts (ZooKeeper and its session, the admin
     * socket, io threads, transport, membership coalescing) taken from {@code running}, which a reload keeps.
     */
    SwitchConfig withStartupSettingsOf(SwitchConfig running) {
        return new SwitchConfig(running.zookeeper, running.zookeeperSessionMs, bind, port, running.adminPort,
                running.adminBind, adminToken, mode, policy, proxyProtocol, connectTimeoutMs, retries, idleTimeoutMs,
                drainTimeoutMs, running.coalesceMs, running.ioThreads, listeners, health, limits, dispatch, content,
                running.transport);
    }

    /** Whether any listener may hand connections off, which needs epoll. */
    public boolean handsOff() {
        return listeners.stream().anyMatch(l -> l.mode() != Mode.RELAY);
    }

    /** Defaults only. */
    public static SwitchConfig defaults() {
        return new SwitchConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    private static List<ListenerConfig> resolve(List<ListenerConfig> given, String bind, int port, Mode mode,
                                                String policy, boolean proxy, int connect, int retries, int idle,
                                                Dispatch dispatch, ContentConfig content) {
        List<ListenerConfig> raw = given == null || given.isEmpty()
                ? List.of(new ListenerConfig(null, null, null, null, null, null, null, null, null, null, null)) : given;
        List<ListenerConfig> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            if (raw.get(i) == null) {
                throw new IllegalArgumentException("listeners[" + i + "]: empty (expected: a mapping with at least a port)");
            }
            ListenerConfig l = raw.get(i).inherit(i == 0 ? "main" : "listener-" + i, bind, port, mode, policy,
                    proxy, connect, retries, idle, dispatch, content);
            if (!names.add(l.name())) {
                throw new IllegalArgumentException("listeners.name: '" + l.name() + "' (expected: unique names)");
            }
            out.add(l);
        }
        return List.copyOf(out);
    }
}
