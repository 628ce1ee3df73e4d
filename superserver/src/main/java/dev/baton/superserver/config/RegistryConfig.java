package dev.baton.superserver.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.baton.common.config.Addresses;
import dev.baton.common.config.Check;

/**
 * The daemon registry of the superserver process.
 *
 * @param enabled      whether this process runs the registry (default true)
 * @param bind         listen address (default 0.0.0.0)
 * @param port         TCP port; 0 picks a free one (default 7111)
 * @param token        secret that REGISTER must present (default: none, and then REGISTER is always refused)
 * @param leaseSeconds how long a registration lives without RENEW (default 30)
 * @param maxLineBytes longest request line; longer ones get an error and a close (default 512)
 * @param dumpMaxBytes largest DUMP reply; the rest is cut and flagged (default 16384)
 * @param maxEntries   most registrations this daemon holds (default 10000)
 */
public record RegistryConfig(boolean enabled, String bind, int port, String token, int leaseSeconds,
                             int maxLineBytes, int dumpMaxBytes, int maxEntries) {
    public static final int DEFAULT_PORT = 7111;

    public static RegistryConfig defaults() {
        return fromYaml(null, null, null, null, null, null, null, null);
    }

    @JsonCreator
    static RegistryConfig fromYaml(@JsonProperty("enabled") Boolean enabled,
                                   @JsonProperty("bind") String bind,
                                   @JsonProperty("port") Integer port,
                                   @JsonProperty("token") String token,
                                   @JsonProperty("lease-seconds") Integer leaseSeconds,
                                   @JsonProperty("max-line-bytes") Integer maxLineBytes,
                                   @JsonProperty("dump-max-bytes") Integer dumpMaxBytes,
                                   @JsonProperty("max-entries") Integer maxEntries) {
        if (token != null && (token.length() < 8 || !token.chars().allMatch(c -> c > 32 && c < 127))) {
            throw new IllegalArgumentException("registry.token: '" + token.replaceAll(".", "*")
                    + "' (expected: at least 8 printable characters without spaces)");
        }
        return new RegistryConfig(
                Keys.orDefault(enabled, true),
                Addresses.bind("registry.bind", Keys.orDefault(bind, "0.0.0.0")),
                Check.port("registry.port", Keys.orDefault(port, DEFAULT_PORT)),
                token,
                (int) Check.positive("registry.lease-seconds", Keys.orDefault(leaseSeconds, 30)),
                (int) Check.atLeast("registry.max-line-bytes", Keys.orDefault(maxLineBytes, 512), 64),
                (int) Check.atLeast("registry.dump-max-bytes", Keys.orDefault(dumpMaxBytes, 16384), 256),
                (int) Check.positive("registry.max-entries", Keys.orDefault(maxEntries, 10000)));
    }

    public RegistryConfig withPort(int newPort) {
        return new RegistryConfig(enabled, bind, Check.port("registry.port", newPort), token, leaseSeconds,
                maxLineBytes, dumpMaxBytes, maxEntries);
    }

    @Override
    public String toString() {
        return "RegistryConfig[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", token="
                + (token == null ? "none" : "***") + ", leaseSeconds=" + leaseSeconds + "]";
    }
}
