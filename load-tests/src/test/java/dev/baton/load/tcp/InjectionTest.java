package dev.baton.load.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InjectionTest {

    @Test
    void constantRateSpacesArrivalsEvenly() {
        Injection step = Injection.constantUsersPerSec(10).during(Duration.ofSeconds(3));

        assertThat(step.users()).isEqualTo(30);
        assertThat(step.offsetNanos(0)).isZero();
        assertThat(step.offsetNanos(1)).isEqualTo(100_000_000L);
        assertThat(step.offsetNanos(29)).isEqualTo(2_900_000_000L);
    }

    @Test
    void rampArrivesAtTheAverageRateAndSpeedsUp() {
        Injection step = Injection.rampUsersPerSec(10).to(30).during(Duration.ofSeconds(10));

        assertThat(step.users()).isEqualTo(200);
        long firstGap = step.offsetNanos(1) - step.offsetNanos(0);
        long lastGap = step.offsetNanos(199) - step.offsetNanos(198);
        assertThat(firstGap).isBetween(95_000_000L, 100_000_000L);
        assertThat(lastGap).isBetween(33_000_000L, 34_000_000L);
        // Half the time at an average rate of 15/s brings 75 users: user 75 arrives at 5 s.
        assertThat(step.offsetNanos(75)).isBetween(4_999_000_000L, 5_001_000_000L);
    }

    @Test
    void rampDownFromARateToZeroEndsWithinTheStep() {
        Injection step = Injection.rampUsersPerSec(20).to(0).during(Duration.ofSeconds(2));

        assertThat(step.users()).isEqualTo(20);
        assertThat(step.offsetNanos(19)).isLessThanOrEqualTo(2_000_000_000L);
        assertThat(step.offsetNanos(19)).isGreaterThan(step.offsetNanos(18));
    }

    @Test
    void planChainsStepsOneAfterAnother() throws InterruptedException {
        InjectionPlan plan = InjectionPlan.of(List.of(
                Injection.constantUsersPerSec(2).during(Duration.ofSeconds(1)),
                Injection.constantUsersPerSec(4).during(Duration.ofSeconds(1))));
        List<Long> offsets = new ArrayList<>();

        plan.forEachArrival(offsets::add);

        assertThat(plan.users()).isEqualTo(6);
        assertThat(offsets).containsExactly(0L, 500_000_000L, 1_000_000_000L, 1_250_000_000L, 1_500_000_000L,
                1_750_000_000L);
    }

    @Test
    void refusesBadRatesAndDurationsNamingTheValue() {
        assertThatThrownBy(() -> Injection.constantUsersPerSec(-1)).hasMessageContaining("rate: -1.0");
        assertThatThrownBy(() -> Injection.rampUsersPerSec(1).to(Double.NaN)).hasMessageContaining("to: NaN");
        assertThatThrownBy(() -> Injection.constantUsersPerSec(1).during(Duration.ZERO))
                .hasMessageContaining("duration: PT0S");
    }
}
