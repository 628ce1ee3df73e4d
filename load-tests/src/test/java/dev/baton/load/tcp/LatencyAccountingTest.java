package dev.baton.load.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyAccountingTest {
    private static final long MS = 1_000_000L;
    private final Target target = new Target(InetAddress.getLoopbackAddress().getHostAddress(), 9);

    @Test
    void recorderMeasuresFromTheIntendedTimeAndCountsLateSends() {
        LatencyRecorder recorder = new LatencyRecorder(0, MS);

        recorder.sendStarted(10 * MS, 10 * MS);
        recorder.record("step", 10 * MS, 12 * MS, null);
        recorder.sendStarted(20 * MS, 50 * MS);
        recorder.record("step", 20 * MS, 52 * MS, new IOException("reset"));

        LatencyRecorder.Snapshot snapshot = recorder.snapshot();
        assertThat(snapshot.lateSends()).isEqualTo(1);
        assertThat(snapshot.sends()).isEqualTo(2);
        assertThat(snapshot.overall().count()).isEqualTo(2);
        assertThat(snapshot.overall().errors()).isEqualTo(1);
        assertThat(snapshot.overall().maxMicros()).isBetween(31_950L, 32_050L);
        assertThat(snapshot.errorKinds()).containsOnlyKeys("step: IOException: reset");
    }

    @Test
    void aStalledServerDelaysLaterArrivalsAndTheirLatencyShowsIt() throws InterruptedException {
        ManualClock clock = new ManualClock(0);
        // Every exchange takes 5 ms except the first, which stalls for 200 ms.
        Scenario stall = Scenario.scenario("stall").exec("call", user -> clock.advanceMillis(user.id() == 0 ? 200 : 5));
        InjectionPlan plan = InjectionPlan.of(List.of(Injection.constantUsersPerSec(100).during(Duration.ofSeconds(1))));
        LoadRunner runner = new LoadRunner(stall, target, plan, RunOptions.defaults(), clock, new DirectExecutorService());

        LoadResult result = runner.run();

        LatencyRecorder.Snapshot m = result.measured();
        assertThat(m.overall().count()).isEqualTo(100);
        // Users 1..19 were meant to start every 10 ms during the stall; measured from their intended times they
        // waited up to 190 ms, as a coordinated-omission-free tool must report (wrk2's correction).
        assertThat(m.overall().maxMicros()).isBetween(199_000L, 201_000L);
        assertThat(m.overall().p90Micros()).isGreaterThan(100_000L);
        assertThat(m.lateSends()).isGreaterThanOrEqualTo(19);
        assertThat(m.errorPercent()).isZero();
    }

    @Test
    void aPromptServerHasNoLateSendsAndItsOwnLatency() throws InterruptedException {
        ManualClock clock = new ManualClock(0);
        Scenario quick = Scenario.scenario("quick").exec("call", user -> clock.advanceMillis(2))
                .pause(Duration.ofMillis(3)).exec("again", user -> clock.advanceMillis(2));
        InjectionPlan plan = InjectionPlan.of(List.of(Injection.constantUsersPerSec(50).during(Duration.ofSeconds(2))));
        LoadRunner runner = new LoadRunner(quick, target, plan, RunOptions.defaults(), clock, new DirectExecutorService());

        LoadResult result = runner.run();

        LatencyRecorder.Snapshot m = result.measured();
        assertThat(m.steps()).containsOnlyKeys("call", "again");
        assertThat(m.steps().get("call").count()).isEqualTo(100);
        assertThat(m.overall().maxMicros()).isBetween(1_990L, 2_010L);
        assertThat(m.lateSends()).isZero();
        assertThat(m.timeline()).containsOnlyKeys(0L, 1L);
    }

    @Test
    void startingTheFirstUserThreadIsNotALateSend() throws InterruptedException {
        ManualClock clock = new ManualClock(0);
        Scenario quick = Scenario.scenario("quick").exec("call", user -> clock.advanceMillis(1));
        InjectionPlan plan = InjectionPlan.of(List.of(Injection.constantUsersPerSec(10).during(Duration.ofSeconds(1))));
        // The first virtual thread of a run costs tens of milliseconds (carrier pool, class loading).
        DirectExecutorService users = DirectExecutorService.withFirstUseCost(() -> clock.advanceMillis(50));

        LoadResult result = new LoadRunner(quick, target, plan, RunOptions.defaults(), clock, users).run();

        assertThat(result.measured().sends()).isEqualTo(10);
        assertThat(result.measured().lateSends()).isZero();
        assertThat(Assertion.latePercentBelow(5).check(result).passed()).isTrue();
    }

    @Test
    void usersCutOffAtTheEndCountAsErrors() throws InterruptedException {
        ManualClock clock = new ManualClock(0);
        Scenario quick = Scenario.scenario("quick").exec("call", user -> clock.advanceMillis(1));
        InjectionPlan plan = InjectionPlan.of(List.of(Injection.constantUsersPerSec(10).during(Duration.ofSeconds(1))));
        // The warm-up and 6 users run; the other 4 hang past the drain timeout.
        DirectExecutorService users = DirectExecutorService.runningOnly(1 + 6);

        LoadResult result = new LoadRunner(quick, target, plan, RunOptions.defaults(), clock, users).run();

        assertThat(result.unfinished()).isEqualTo(4);
        assertThat(result.measured().overall().count()).isEqualTo(6);
        assertThat(result.errorPercent()).isEqualTo(40.0);
        assertThat(Assertion.errorPercentBelow(1).check(result).passed()).isFalse();
        assertThat(ReportWriter.json(result, List.of()).get("errorPercent").asDouble()).isEqualTo(40.0);
    }

    @Test
    void aFailedStepEndsTheUserAndIsCounted() throws InterruptedException {
        ManualClock clock = new ManualClock(0);
        Scenario failing = Scenario.scenario("failing")
                .exec("fails", user -> { throw new IOException("connection refused"); })
                .exec("never", user -> clock.advanceMillis(1));
        InjectionPlan plan = InjectionPlan.of(List.of(Injection.constantUsersPerSec(10).during(Duration.ofSeconds(1))));

        LoadResult result = new LoadRunner(failing, target, plan, RunOptions.defaults(), clock,
                new DirectExecutorService()).run();

        assertThat(result.measured().steps()).containsOnlyKeys("fails");
        assertThat(result.measured().errorPercent()).isEqualTo(100.0);
        assertThat(Assertion.errorPercentBelow(1).check(result).passed()).isFalse();
    }
}
