package dev.baton.superserver.config;

import dev.baton.common.config.Check;
import dev.baton.superserver.limits.Cidr;
import java.util.List;

/**
 * A service's limits, as in xinetd ({@code instances}, {@code per_source}, {@code cps},
 * {@code only_from}, {@code no_access}). Zero means unlimited.
 *
 * @param instances            connections the superserver serves at once for this service (nowait; default 0)
 * @param perSource            connections at once from one source address (nowait; default 0)
 * @param connectionsPerSecond accepted connections per second before the back-off starts (default 0)
 * @param backOffSeconds       how long the service refuses everything once the rate was exceeded (default 10)
 * @param allow                if not empty, only these CIDR blocks may connect
 * @param deny                 these CIDR blocks may never connect (wins over {@code allow})
 */
public record LimitsConfig(int instances, int perSource, int connectionsPerSecond, int backOffSeconds,
                           List<Cidr> allow, List<Cidr> deny) {
    public static final LimitsConfig NONE = new LimitsConfig(0, 0, 0, 10, List.of(), List.of());

    public LimitsConfig {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /** The YAML form, bound as written and validated by {@link #of}. */
    public record Yaml(Integer instances, Integer perSource, Integer connectionsPerSecond, Integer backOffSeconds,
                       List<String> allow, List<String> deny) {}

    /** Validates the YAML form; {@code prefix} is the key path ({@code services.echo.limits}) for messages. */
    public static LimitsConfig of(String prefix, Yaml y) {
        if (y == null) {
            return NONE;
        }
        return new LimitsConfig(
                (int) Check.atLeast(prefix + ".instances", Keys.orDefault(y.instances(), 0), 0),
                (int) Check.atLeast(prefix + ".per-source", Keys.orDefault(y.perSource(), 0), 0),
                (int) Check.atLeast(prefix + ".connections-per-second", Keys.orDefault(y.connectionsPerSecond(), 0), 0),
                (int) Check.atLeast(prefix + ".back-off-seconds", Keys.orDefault(y.backOffSeconds(), 10), 0),
                Keys.list(y.allow()).stream().map(c -> Cidr.parse(prefix + ".allow", c)).toList(),
                Keys.list(y.deny()).stream().map(c -> Cidr.parse(prefix + ".deny", c)).toList());
    }
}
