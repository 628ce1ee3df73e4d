package dev.baton.load.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    private static final Path ROOT = Path.of("/src/baton");

    @Test
    void aFullRunWarmsEachCellUpLongerThanAQuickOne() {
        BenchOptions full = BenchOptions.of(ROOT, false);
        BenchOptions quick = BenchOptions.of(ROOT, true);

        assertThat(full.warmup()).isEqualTo(Duration.ofSeconds(20));
        assertThat(quick.warmup()).isEqualTo(Duration.ofSeconds(2));
        assertThat(full.outDir()).isEqualTo(ROOT.resolve("docs/bench"));
    }

    @Test
    void overridesKeepTheOtherSettings() {
        BenchOptions options = BenchOptions.of(ROOT, false).withRounds(5).withDuration(Duration.ofSeconds(5))
                .withWarmup(Duration.ZERO);

        assertThat(options.rounds()).isEqualTo(5);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.warmup()).isZero();
    }

    @Test
    void aNegativeWarmUpIsRefusedWithTheValue() {
        assertThatThrownBy(() -> BenchOptions.of(ROOT, false).withWarmup(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warmup: PT-1S (expected: >= 0s)");
    }

    @Test
    void withoutASelectionEveryRowAndWorkloadRuns() {
        BenchOptions options = BenchOptions.of(ROOT, false);

        assertThat(options.runs("haproxy")).isTrue();
        assertThat(options.measures("new-conn")).isTrue();
    }

    @Test
    void aSelectionRunsOnlyWhatItNames() {
        BenchOptions options = BenchOptions.of(ROOT, false).withRows(Set.of("haproxy", "baton-relay"))
                .withWorkloads(Set.of("new-conn")).withRounds(20);

        assertThat(options.runs("baton-relay")).isTrue();
        assertThat(options.runs("nginx-stream")).isFalse();
        assertThat(options.measures("new-conn")).isTrue();
        assertThat(options.measures("keep-alive")).isFalse();
    }
}
