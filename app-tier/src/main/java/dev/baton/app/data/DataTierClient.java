package dev.baton.app.data;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * An asynchronous, guarded client of the data tier's HTTP API. Each call goes round robin over the
 * known instances through, outermost first: retry (with exponential backoff; unknown outcomes are
 * retried only for idempotent calls), bulkhead, circuit breaker, time limit. Failures that mean "the
 * data tier cannot answer now" surface as {@link DataTierUnavailableException}; answers below 500 are
 * returned as they are.
 *
 * <pre>{@code
 * DataTierClient client = DataTierClient.create(endpoints, DataTierPolicy.defaults(), Clock.systemUTC());
 * client.send(DataRequest.get("/kv/a")).thenAccept(r -> ...);
 * }</pre>
 */
public final class DataTierClient implements AutoCloseable {
    private final HttpClient http;
    private final DataTierEndpoints endpoints;
    private final DataTierPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService callbacks;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final TimeLimiter timeLimiter;
    private final Retry idempotentRetry;
    private final Retry refusedOnlyRetry;
    private final AtomicInteger next = new AtomicInteger();

    private DataTierClient(DataTierEndpoints endpoints, DataTierPolicy policy, Clock clock) {
        this.endpoints = endpoints;
        this.policy = policy;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(policy.timeout())
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "data-tier-timer");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger callbackThreads = new AtomicInteger();
        this.callbacks = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "data-tier-callback-" + callbackThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.breaker = CircuitBreaker.of("data-tier", CircuitBreakerConfig.custom()
                .clock(clock)
                .slidingWindowSize(policy.breakerWindow())
                .minimumNumberOfCalls(policy.breakerWindow())
                .failureRateThreshold(50)
                .waitDurationInOpenState(policy.breakerOpen())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(DataTierClient::isDataTierFailure)
                .build());
        this.bulkhead = Bulkhead.of("data-tier", BulkheadConfig.custom()
                .maxConcurrentCalls(policy.maxConcurrent())
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.timeLimiter = TimeLimiter.of("data-tier", TimeLimiterConfig.custom()
                .timeoutDuration(policy.timeout())
                .cancelRunningFuture(true)
                .build());
        this.idempotentRetry = retry("data-tier-idempotent", policy, DataTierClient::isDataTierFailure);
        this.refusedOnlyRetry = retry("data-tier-refused", policy, DataTierClient::neverSent);
    }

    /** A client over {@code endpoints}; {@code clock} drives the circuit breaker's open period. */
    public static DataTierClient create(DataTierEndpoints endpoints, DataTierPolicy policy, Clock clock) {
        return new DataTierClient(endpoints, policy, clock);
    }

    private static Retry retry(String name, DataTierPolicy policy, Predicate<Throwable> retryable) {
        return Retry.of(name, RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(policy.backoff(), 2.0, 0.3))
                .retryOnException(e -> retryable.test(unwrap(e)))
                .build());
    }

    /** Sends {@code request}; completes with the answer, or fails with {@link DataTierUnavailableException}. */
    public CompletableFuture<DataResponse> send(DataRequest request) {
        // The bulkhead sits outside the breaker so that refusing a call for lack of room is not
        // counted for or against the data tier's health.
        Supplier<CompletionStage<DataResponse>> attempt = () -> bulkhead.executeCompletionStage(
                () -> breaker.executeCompletionStage(
                        () -> timeLimiter.executeCompletionStage(scheduler, () -> once(request))));
        Retry retry = request.idempotent() ? idempotentRetry : refusedOnlyRetry;
        CompletableFuture<DataResponse> result = new CompletableFuture<>();
        retry.executeCompletionStage(scheduler, attempt).whenComplete((response, error) -> {
            if (error == null) {
                result.complete(response);
            } else {
                result.completeExceptionally(translate(unwrap(error)));
            }
        });
        return result;
    }

    /** Whether the breaker lets calls through (closed or half-open). */
    public boolean breakerClosed() {
        return breaker.getState() != CircuitBreaker.State.OPEN && breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
    }

    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    public Bulkhead bulkhead() {
        return bulkhead;
    }

    public DataTierEndpoints endpoints() {
        return endpoints;
    }

    /** One attempt against the next instance; 5xx answers fail the attempt. */
    private CompletableFuture<DataResponse> once(DataRequest request) {
        URI base;
        try {
            base = pick();
        } catch (NoDataTierException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.path()))
                .timeout(policy.timeout())
                .method(request.method(), request.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        // The JDK client completes sendAsync on the common pool, which has a single worker on a
        // 2-CPU host (and JDK 25 no longer falls back to a thread per task): hop to our own pool at
        // once so answers are not serialised there, nor stalled by whatever else uses it.
        return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handleAsync((response, error) -> {
                    if (error != null) {
                        throw error instanceof CompletionException ce ? ce : new CompletionException(error);
                    }
                    return toDataResponse(base, response);
                }, callbacks);
    }

    /**
     * Asks one instance's {@code /health}, bypassing retry and breaker (a probe must see the data
     * tier as it is); completes with false when none is known or it does not answer 200 in time.
     */
    public CompletableFuture<Boolean> probe() {
        List<URI> uris = endpoints.current();
        if (uris.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        URI base = uris.get(Math.floorMod(next.getAndIncrement(), uris.size()));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/health")).timeout(policy.timeout()).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> error == null && response.statusCode() == 200);
    }

    private URI pick() {
        List<URI> uris = endpoints.current();
        if (uris.isEmpty()) {
            throw new NoDataTierException();
        }
        return uris.get(Math.floorMod(next.getAndIncrement(), uris.size()));
    }

    private static DataResponse toDataResponse(URI base, HttpResponse<byte[]> response) {
        if (response.statusCode() >= 500) {
            throw new DataTierServerError(response.statusCode(), base.toString());
        }
        return new DataResponse(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("ETag"),
                response.headers().firstValue("Idempotent-Replay").map("true"::equalsIgnoreCase).orElse(false),
                response.body());
    }

    private Throwable translate(Throwable e) {
        if (e instanceof CallNotPermittedException) {
            return new DataTierUnavailableException("data tier unavailable (circuit breaker open)", policy.breakerOpen(), e);
        }
        if (e instanceof BulkheadFullException) {
            return new DataTierUnavailableException("data tier busy (too many calls in flight)", Duration.ofSeconds(1), e);
        }
        if (e instanceof NoDataTierException) {
            return new DataTierUnavailableException(e.getMessage(), Duration.ofSeconds(1), e);
        }
        if (e instanceof TimeoutException) {
            return new DataTierUnavailableException("data tier did not answer within " + policy.timeout().toMillis() + " ms", Duration.ofSeconds(1), e);
        }
        if (isDataTierFailure(e)) {
            return new DataTierUnavailableException("data tier unavailable: " + e.getMessage(), Duration.ofSeconds(1), e);
        }
        return e;
    }

    /** What counts against the data tier: I/O failures, timeouts and 5xx answers, not our own refusals. */
    static boolean isDataTierFailure(Throwable e) {
        Throwable cause = unwrap(e);
        return cause instanceof IOException || cause instanceof TimeoutException || cause instanceof DataTierServerError;
    }

    /** Failures after which the request certainly did not reach the data tier. */
    static boolean neverSent(Throwable e) {
        Throwable cause = unwrap(e);
        return cause instanceof ConnectException;
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public void close() {
        // The endpoints belong to whoever made them (they may outlive this client).
        scheduler.shutdownNow();
        callbacks.shutdownNow();
        http.shutdownNow();
    }
}
