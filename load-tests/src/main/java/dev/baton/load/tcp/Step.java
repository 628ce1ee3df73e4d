package dev.baton.load.tcp;

import java.time.Duration;

/** A scenario step: a timed action or a pause. */
public sealed interface Step {

    /** A timed action, reported under {@code name}. */
    record Exec(String name, Action action) implements Step {
        public Exec {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("step name: '" + name + "' (expected: a non-empty name)");
            }
            if (action == null) {
                throw new IllegalArgumentException("action of step '" + name + "': null");
            }
        }
    }

    /** Think time before the next step. */
    record Pause(Duration duration) implements Step {
        public Pause {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("pause: " + duration + " (expected: >= 0)");
            }
        }
    }
}
