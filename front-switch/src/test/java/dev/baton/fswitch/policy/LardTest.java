package dev.baton.fswitch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.fswitch.ContentConfig;
import dev.baton.fswitch.Members;
import dev.baton.common.testing.MutableClock;
import dev.baton.fswitch.pool.Backend;
import dev.baton.fswitch.pool.LoadReports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LARD/R server sets with loads set by hand and an injected clock. */
class LardTest {
    private final MutableClock clock = new MutableClock();
    private final Map<String, Integer> loads = new HashMap<>();
    private final List<Backend> backends = new ArrayList<>();
    // T_low 2, T_high 5, idle 10 s
    private final Lard lard = new Lard(new ContentConfig(null, null, 2, 5, 10_000, 3), clock);

    LardTest() {
        for (String id : List.of("a", "b", "c")) {
            Backend b = Backend.of(Members.member(id, 9000, 1), clock);
            b.loadReports(new LoadReports() {
                @Override
                public int reportedActive() {
                    return loads.getOrDefault(id, 0);
                }

                @Override
                public long lastReportNanos() {
                    return 1;
                }
            });
            backends.add(b);
        }
    }

    private void load(int a, int b, int c) {
        loads.put("a", a);
        loads.put("b", b);
        loads.put("c", c);
    }

    private String pick(String target) {
        return lard.pick(target, backends).id();
    }

    @Test
    void aNewTargetGoesToTheLeastLoadedBackendAndStaysThere() {
        load(3, 1, 2);
        assertThat(pick("/x")).isEqualTo("b");
        load(0, 4, 0);
        assertThat(pick("/x")).isEqualTo("b"); // below T_high: locality wins over balance
        assertThat(lard.serverSet("/x")).containsExactly("b");
    }

    @Test
    void growsTheSetWhenItsMembersAreAboveTHighAndAnotherIsBelowTLow() {
        load(0, 0, 0);
        assertThat(pick("/x")).isEqualTo("a");
        load(6, 3, 1);
        assertThat(pick("/x")).isEqualTo("c");
        assertThat(lard.serverSet("/x")).containsExactly("a", "c");
        load(6, 3, 2);
        assertThat(pick("/x")).isEqualTo("c"); // least loaded member of the set
    }

    @Test
    void doesNotGrowAboveTHighWhenNoBackendIsBelowTLowUntilTwiceTHigh() {
        load(0, 0, 0);
        pick("/x");
        load(6, 3, 3);
        assertThat(pick("/x")).isEqualTo("a");
        assertThat(lard.serverSet("/x")).containsExactly("a");
        load(10, 3, 4);
        assertThat(pick("/x")).isEqualTo("b");
        assertThat(lard.serverSet("/x")).containsExactly("a", "b");
    }

    @Test
    void shrinksASetThatStayedUnchangedForTheIdleTime() {
        load(0, 0, 0);
        pick("/x");
        load(6, 1, 1);
        pick("/x");
        assertThat(lard.serverSet("/x")).hasSize(2);
        load(3, 1, 1);
        clock.advance(Duration.ofSeconds(9));
        pick("/x");
        assertThat(lard.serverSet("/x")).hasSize(2);
        clock.advance(Duration.ofSeconds(2));
        assertThat(pick("/x")).isEqualTo("b");
        assertThat(lard.serverSet("/x")).containsExactly("b"); // the most loaded member left
    }

    @Test
    void choosesOnlyAmongCandidatesAndForgetsTheLeastRecentlyUsedTargets() {
        load(0, 0, 0);
        assertThat(pick("/x")).isEqualTo("a");
        assertThat(lard.pick("/x", backends.subList(1, 3)).id()).isEqualTo("b"); // a is down or tried
        for (String t : List.of("/1", "/2", "/3")) {
            pick(t);
        }
        assertThat(lard.targets()).isEqualTo(3);
        assertThat(lard.serverSet("/x")).isEmpty();
    }
}
