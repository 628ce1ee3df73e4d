package dev.baton.fswitch.policy;

import java.util.List;
import java.util.function.Supplier;

/** The policies by their config names. */
public final class Policies {
    public static final String ROUND_ROBIN = "round-robin";
    public static final List<String> NAMES = List.of(ROUND_ROBIN, "weighted-round-robin", "least-connections",
            "power-of-two", "maglev");

    private Policies() {}

    /** A new policy instance for a listener. */
    public static BalancingPolicy create(String name) {
        return factory(check("policy", name)).get();
    }

    /** Returns {@code name} if it names a policy, else throws naming the key and the value. */
    public static String check(String key, String name) {
        if (name == null || !NAMES.contains(name)) {
            throw new IllegalArgumentException(key + ": '" + name + "' (expected one of: " + NAMES + ")");
        }
        return name;
    }

    private static Supplier<BalancingPolicy> factory(String name) {
        return switch (name) {
            case "weighted-round-robin" -> WeightedRoundRobin::new;
            case "least-connections" -> LeastConnections::new;
            case "power-of-two" -> PowerOfTwoChoices::new;
            case "maglev" -> Maglev::new;
            default -> RoundRobin::new;
        };
    }
}
