package dev.baton.load.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A comma-separated choice among a suite's names, as {@code --rows} and {@code --workloads} take it. */
final class NameSelection {
    private NameSelection() {}

    /**
     * The names in {@code value}, each one of {@code known}.
     *
     * @throws IllegalArgumentException naming the option, the unknown or missing name and the names there are
     */
    static Set<String> parse(String option, String value, List<String> known) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : value.split(",", -1)) {
            String trimmed = name.strip();
            if (!known.contains(trimmed)) {
                throw new IllegalArgumentException(option + ": '" + trimmed + "' (expected some of: "
                        + String.join(", ", known) + ")");
            }
            chosen.add(trimmed);
        }
        return chosen;
    }
}
