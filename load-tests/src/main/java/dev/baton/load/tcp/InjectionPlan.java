package dev.baton.load.tcp;

import java.time.Duration;
import java.util.List;

/** Injection steps run one after another: the arrival times of all of them, from the run's start. */
public final class InjectionPlan {
    private final List<Injection> steps;
    private final long users;

    private InjectionPlan(List<Injection> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("injection steps: [] (expected: at least one)");
        }
        this.steps = List.copyOf(steps);
        this.users = this.steps.stream().mapToLong(Injection::users).sum();
    }

    public static InjectionPlan of(List<Injection> steps) {
        return new InjectionPlan(steps);
    }

    public long users() {
        return users;
    }

    public Duration duration() {
        return steps.stream().map(Injection::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** Calls {@code each} with every arrival's offset from the start, in order. */
    public void forEachArrival(ArrivalConsumer each) throws InterruptedException {
        long base = 0;
        for (Injection step : steps) {
            for (long i = 0; i < step.users(); i++) {
                each.accept(base + step.offsetNanos(i));
            }
            base += step.duration().toNanos();
        }
    }

    /** Receives one arrival offset. */
    @FunctionalInterface
    public interface ArrivalConsumer {
        void accept(long offsetNanos) throws InterruptedException;
    }
}
