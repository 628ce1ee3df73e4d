package dev.baton.superserver.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.baton.common.config.Addresses;
import dev.baton.common.config.Check;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The superserver's configuration: the services file. Top-level scalar keys may be overridden by
 * {@code BATON_...} variables and command-line options.
 *
 * <pre>{@code
 * zookeeper: none            # or host:port; none = in-memory registry table
 * admin-port: 7110
 * run-dir: run
 * registry: {port: 7111, token: change-me-please, lease-seconds: 30}
 * services:
 *   - {name: echo, port: 7007, type: internal, internal: echo}
 * }</pre>
 *
 * @param id                        process id in logs, metrics and ZooKeeper (default superserver-1)
 * @param zookeeper                 ZooKeeper connect string, or none (default none)
 * @param zookeeperSessionTimeoutMs ZooKeeper session timeout (default 4000)
 * @param host                      address advertised for the registry daemon (default 127.0.0.1)
 * @param adminBind                 admin listen address (default 0.0.0.0)
 * @param adminPort                 HTTP /health and /metrics port; 0 picks a free one (default 7110)
 * @param runDir                    handoff sockets and service logs (default run)
 * @param registry                  the daemon registry
 * @param services                  the services
 */
public record SuperserverConfig(String id, String zookeeper, int zookeeperSessionTimeoutMs, String host,
                                String adminBind, int adminPort, String runDir, RegistryConfig registry,
                                List<ServiceConfig> services) {
    public static final String NO_ZOOKEEPER = "none";
    /** The keys a variable may set: every one but {@code services}, a list (BATON_REGISTRY__LEASE_SECONDS too). */
    private static final Set<String> SCALAR_KEYS = Set.of("id", "zookeeper", "zookeeper-session-timeout-ms", "host",
            "admin-bind", "admin-port", "run-dir");
    private static final String REGISTRY_KEYS = "registry.";

    public SuperserverConfig {
        services = List.copyOf(services);
        Set<String> names = new HashSet<>();
        Map<String, String> ports = new TreeMap<>();
        for (ServiceConfig s : services) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("services.name: '" + s.name() + "' (expected: unique, but it appears twice)");
            }
            String where = s.bind() + ":" + s.port();
            if (s.port() != 0 && ports.put(where, s.name()) != null) {
                throw new IllegalArgumentException("services." + s.name() + ".port: " + s.port()
                        + " (expected: a port no other service uses, but " + ports.get(where) + " has it)");
            }
        }
    }

    @JsonCreator
    static SuperserverConfig fromYaml(@JsonProperty("id") String id,
                                      @JsonProperty("zookeeper") String zookeeper,
                                      @JsonProperty("zookeeper-session-timeout-ms") Integer sessionTimeout,
                                      @JsonProperty("host") String host,
                                      @JsonProperty("admin-bind") String adminBind,
                                      @JsonProperty("admin-port") Integer adminPort,
                                      @JsonProperty("run-dir") String runDir,
                                      @JsonProperty("registry") RegistryConfig registry,
                                      @JsonProperty("services") List<ServiceConfig> services) {
        return new SuperserverConfig(
                Check.notBlank("id", Keys.orDefault(id, "superserver-1")),
                Addresses.zookeeperOrNone("zookeeper", Keys.orDefault(zookeeper, NO_ZOOKEEPER)),
                (int) Check.atLeast("zookeeper-session-timeout-ms", Keys.orDefault(sessionTimeout, 4000), 500),
                Check.notBlank("host", Keys.orDefault(host, "127.0.0.1")),
                Addresses.bind("admin-bind", Keys.orDefault(adminBind, "0.0.0.0")),
                Check.port("admin-port", Keys.orDefault(adminPort, 7110)),
                Check.notBlank("run-dir", Keys.orDefault(runDir, "run")),
                Keys.orDefault(registry, RegistryConfig.defaults()),
                Keys.entries("services", services));
    }

    /** Whether a ZooKeeper ensemble backs the registry. */
    public boolean usesZooKeeper() {
        return !NO_ZOOKEEPER.equalsIgnoreCase(zookeeper);
    }

    /**
     * The {@code BATON_...} variables that name one of this config's keys (others belong to other processes):
     * a scalar top-level key, or any key of {@code registry}, where an unknown one is then refused by name.
     */
    public static Map<String, String> ownEnvironment(Map<String, String> env) {
        return env.entrySet().stream()
                .filter(e -> e.getKey().startsWith("BATON_"))
                .filter(e -> {
                    String key = e.getKey().substring("BATON_".length()).toLowerCase(Locale.ROOT)
                            .replace("__", ".").replace('_', '-');
                    return SCALAR_KEYS.contains(key) || key.startsWith(REGISTRY_KEYS);
                })
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, TreeMap::new));
    }
}
