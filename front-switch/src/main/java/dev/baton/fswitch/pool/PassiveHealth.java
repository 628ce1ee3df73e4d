package dev.baton.fswitch.pool;

import dev.baton.fswitch.HealthConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Passive health of one backend: a Resilience4j circuit breaker fed with connect outcomes and resets.
 * Open means ejected; after a backoff that doubles with each repeated ejection, one probe connection is
 * let through (half-open), and its success closes the breaker again.
 */
public final class PassiveHealth {
    private final CircuitBreaker breaker;
    private final AtomicLong ejections = new AtomicLong();
    private final AtomicReference<Runnable> onEject = new AtomicReference<>(() -> {});

    PassiveHealth(String id, HealthConfig health, Clock clock) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(health.failureRatePercent())
                .waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(
                        Duration.ofMillis(health.ejectionBaseMs()), 2.0, Duration.ofMillis(health.ejectionMaxMs())))
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build();
        this.breaker = CircuitBreaker.of(id, config);
        breaker.getEventPublisher().onStateTransition(e -> {
            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                ejections.incrementAndGet();
                onEject.get().run();
            }
        });
    }

    void onEject(Runnable action) {
        onEject.set(action);
    }

    /** True while the breaker is open. */
    public boolean ejected() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /** Times this backend was ejected. */
    public long ejections() {
        return ejections.get();
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Whether a connection may be tried now: closed, half-open, or open with its backoff over. */
    boolean available() {
        if (breaker.getState() != CircuitBreaker.State.OPEN) {
            return true;
        }
        // Moves an open breaker whose backoff is over to half-open; the permit is given back, and the
        // connection that is really tried takes it again in tryAcquire().
        if (breaker.tryAcquirePermission()) {
            breaker.releasePermission();
            return true;
        }
        return false;
    }

    boolean tryAcquire() {
        return breaker.tryAcquirePermission();
    }

    void release() {
        breaker.releasePermission();
    }

    void succeeded(long nanos) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }

    void failed(long nanos, Throwable cause) {
        breaker.onError(nanos, TimeUnit.NANOSECONDS, cause);
    }

    /** Ejects at once (a refused connect), unless already open. */
    void eject() {
        if (breaker.getState() == CircuitBreaker.State.CLOSED) {
            breaker.transitionToOpenState();
        }
    }

    /** Ends an ejection early: active checks show the backend is healthy. */
    void restore() {
        if (breaker.getState() != CircuitBreaker.State.CLOSED) {
            breaker.transitionToClosedState();
        }
    }
}
