package dev.baton.load.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundOrderTest {
    private static final List<String> SWITCH_ROWS =
            List.of("direct", "baton-relay", "baton-relay-epoll", "haproxy", "nginx-stream", "baton-handoff");

    @Test
    void everyRoundRunsEveryRowOnce() {
        for (int round = 1; round <= 8; round++) {
            assertThat(RoundOrder.of(SWITCH_ROWS, round)).containsExactlyInAnyOrderElementsOf(SWITCH_ROWS);
        }
    }

    @Test
    void overAsManyRoundsAsRowsEachRowFollowsEachOtherRowOnce() {
        Set<List<String>> pairs = new HashSet<>();
        for (int round = 1; round <= SWITCH_ROWS.size(); round++) {
            List<String> order = RoundOrder.of(SWITCH_ROWS, round);
            for (int i = 1; i < order.size(); i++) {
                assertThat(pairs.add(List.of(order.get(i - 1), order.get(i))))
                        .as("round %d repeats %s before %s", round, order.get(i - 1), order.get(i)).isTrue();
            }
        }
        assertThat(pairs).hasSize(SWITCH_ROWS.size() * (SWITCH_ROWS.size() - 1));
    }

    @Test
    void theRowAfterDirectChangesFromRoundToRound() {
        Set<String> after = new HashSet<>();
        for (int round = 1; round <= 5; round++) {
            List<String> order = RoundOrder.of(SWITCH_ROWS, round);
            int direct = order.indexOf("direct");
            if (direct + 1 < order.size()) {
                after.add(order.get(direct + 1));
            }
        }
        assertThat(after).hasSizeGreaterThan(2);
    }

    @Test
    void theFirstRoundStartsWithTheFirstRow() {
        assertThat(RoundOrder.of(List.of("a", "b", "c", "d"), 1)).containsExactly("a", "b", "d", "c");
        assertThat(RoundOrder.of(List.of("a", "b", "c", "d"), 2)).containsExactly("b", "c", "a", "d");
        assertThat(RoundOrder.of(List.of("only"), 3)).containsExactly("only");
        assertThat(RoundOrder.of(List.of(), 1)).isEmpty();
    }

    @Test
    void roundsCountFromOne() {
        assertThatThrownBy(() -> RoundOrder.of(SWITCH_ROWS, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("round: 0 (expected: >= 1)");
    }

    @Test
    void theTableListsRowsAsDeclaredWithEachRowsRoundsInOrder() {
        List<Sample> ran = List.of(sample("b", "small", 1), sample("a", "small", 2), sample("a", "large", 3),
                sample("b", "large", 4), sample("a", "small", 5), sample("b", "small", 6));

        List<Sample> sorted = RoundOrder.byRow(ran, List.of("a", "b"));

        assertThat(sorted).extracting(s -> s.row() + "/" + s.workload() + "/" + (int) s.requestsPerSec())
                .containsExactly("a/small/2", "a/large/3", "a/small/5", "b/small/1", "b/large/4", "b/small/6");
    }

    private static Sample sample(String row, String workload, double requestsPerSec) {
        return new Sample(row, workload, 1, requestsPerSec, 1, 2, 0, Map.of(), null);
    }
}
