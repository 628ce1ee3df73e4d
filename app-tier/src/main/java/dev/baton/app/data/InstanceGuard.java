package dev.baton.app.data;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One data-tier instance's own circuit breaker and bulkhead, so that a sick instance is ejected
 * while the others keep serving. A call first takes a permit ({@link #tryAcquire}), then runs
 * through {@link #run}, which records its outcome and gives the permit back.
 */
public final class InstanceGuard {
    private final URI uri;
    private final Clock clock;
    private final Duration openPeriod;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    // Resilience4j keeps its own re-close instant private; Retry-After needs it.
    private volatile Instant reclosesAt = Instant.MIN;

    InstanceGuard(URI uri, DataTierPolicy policy, Clock clock) {
        this.uri = uri;
        this.clock = clock;
        this.openPeriod = policy.breakerOpen();
        String name = "data-tier " + uri;
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .clock(clock)
                .slidingWindowSize(policy.breakerWindow())
                .minimumNumberOfCalls(policy.breakerWindow())
                .failureRateThreshold(50)
                .waitDurationInOpenState(policy.breakerOpen())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(DataTierClient::isDataTierFailure)
                .build());
        this.bulkhead = Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(policy.maxConcurrentPerInstance())
                .maxWaitDuration(Duration.ZERO)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> {
            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                reclosesAt = clock.instant().plus(openPeriod);
            }
        });
    }

    /**
     * Takes a permit if the breaker lets a call through and the bulkhead has room; never waits.
     * The bulkhead goes first so that a refusal for lack of room costs the breaker nothing (a
     * half-open breaker has only a few trial permits).
     */
    boolean tryAcquire() {
        if (!bulkhead.tryAcquirePermission()) {
            return false;
        }
        if (!breaker.tryAcquirePermission()) {
            bulkhead.releasePermission();
            return false;
        }
        return true;
    }

    /** Runs {@code call} under the permit {@link #tryAcquire} took; records its outcome and releases the permit. */
    <T> CompletionStage<T> run(Supplier<CompletionStage<T>> call) {
        long start = breaker.getCurrentTimestamp();
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.whenComplete((result, error) -> {
            bulkhead.onComplete();
            long took = breaker.getCurrentTimestamp() - start;
            if (error == null) {
                breaker.onSuccess(took, breaker.getTimestampUnit());
            } else {
                breaker.onError(took, breaker.getTimestampUnit(), DataTierClient.unwrap(error));
            }
        });
    }

    /** Whether the breaker is open (or forced open): no call goes to this instance until it re-closes. */
    public boolean open() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    /** How long until an open breaker lets trial calls through again; zero when it is not open. */
    Duration untilTrial() {
        if (!open()) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), reclosesAt);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The instance's base URI. */
    public URI uri() {
        return uri;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public Bulkhead bulkhead() {
        return bulkhead;
    }

    @Override
    public String toString() {
        return uri + " (" + breaker.getState() + ", " + bulkhead.getMetrics().getAvailableConcurrentCalls() + " free)";
    }
}
