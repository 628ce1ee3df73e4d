package dev.baton.load.tcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What each virtual user does, built like a Gatling scenario; every call returns a new, immutable scenario.
 * The user's connection is closed after the last step whatever happened.
 *
 * <pre>{@code
 * Scenario.scenario("echo").exec("connect", VirtualUser::connect).exec("echo", u -> u.exchangeLine("hi")).pause(Duration.ofMillis(5))
 * }</pre>
 */
public final class Scenario {
    private final String name;
    private final List<Step> steps;

    private Scenario(String name, List<Step> steps) {
        this.name = name;
        this.steps = List.copyOf(steps);
    }

    public static Scenario scenario(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("scenario name: '" + name + "' (expected: a non-empty name)");
        }
        return new Scenario(name, List.of());
    }

    /** Adds a timed step reported as {@code stepName}. */
    public Scenario exec(String stepName, Action action) {
        return with(new Step.Exec(stepName, action));
    }

    /** Adds think time. */
    public Scenario pause(Duration duration) {
        return with(new Step.Pause(duration));
    }

    /** Repeats {@code body}'s steps {@code times} times. */
    public Scenario repeat(int times, Scenario body) {
        if (times < 0) {
            throw new IllegalArgumentException("repeat times: " + times + " (expected: >= 0)");
        }
        List<Step> all = new ArrayList<>(steps);
        for (int i = 0; i < times; i++) {
            all.addAll(body.steps);
        }
        return new Scenario(name, all);
    }

    public String name() {
        return name;
    }

    public List<Step> steps() {
        return steps;
    }

    private Scenario with(Step step) {
        List<Step> all = new ArrayList<>(steps);
        all.add(step);
        return new Scenario(name, all);
    }
}
