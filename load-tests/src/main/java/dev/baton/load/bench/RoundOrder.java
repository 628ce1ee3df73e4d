package dev.baton.load.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which one round runs its rows: a Williams (balanced Latin square) design, so that over as many
 * rounds as there are rows (an even number of them), every row runs once right after every other row and once
 * in every position. A fixed order let what one row leaves behind weigh on the same next row every round: the
 * row after {@code direct} always met the app servers right after the fastest row's load (its garbage, its
 * sockets in TIME_WAIT).
 *
 * <pre>{@code
 * RoundOrder.of(List.of("a", "b", "c", "d"), 1); // [a, b, d, c]
 * RoundOrder.of(List.of("a", "b", "c", "d"), 2); // [b, c, a, d]
 * }</pre>
 */
final class RoundOrder {
    private RoundOrder() {}

    /** {@code rows} in the order of round {@code round} (1-based); round 1 starts with the first row. */
    static <T> List<T> of(List<T> rows, int round) {
        if (round < 1) {
            throw new IllegalArgumentException("round: " + round + " (expected: >= 1)");
        }
        int n = rows.size();
        List<T> order = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            // 0, 1, n-1, 2, n-2, ...: consecutive differences are all distinct mod n, so shifting the sequence
            // by one each round pairs each row with each other row as its predecessor once.
            int first = j == 0 ? 0 : j % 2 == 1 ? (j + 1) / 2 : n - j / 2;
            order.add(rows.get((first + round - 1) % n));
        }
        return order;
    }

    /**
     * {@code samples} with their rows in the order of {@code rows}, as the tables list them, whatever order the
     * rounds ran them in. The sort is stable: each row's samples keep their order of rounds and workloads.
     */
    static List<Sample> byRow(List<Sample> samples, List<String> rows) {
        List<Sample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparingInt(s -> rows.indexOf(s.row())));
        return sorted;
    }
}
