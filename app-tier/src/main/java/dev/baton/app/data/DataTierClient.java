package dev.baton.app.data;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * An asynchronous, guarded client of the data tier's HTTP API. Each attempt takes a permit from the
 * tier-wide bulkhead, then from the next instance round robin whose own circuit breaker and bulkhead
 * let it through ({@link GuardedInstances}), and runs under a time limit; retry (exponential backoff;
 * unknown outcomes are retried only for idempotent calls) wraps it all and sends each retry to
 * another instance when there is one. Failures that mean "the data tier cannot answer now" surface
 * as {@link DataTierUnavailableException}; answers below 500 are returned as they are.
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
    private final GuardedInstances instances;
    private final Bulkhead bulkhead;
    private final TimeLimiter timeLimiter;
    private final Retry idempotentRetry;
    private final Retry refusedOnlyRetry;

    private DataTierClient(DataTierEndpoints endpoints, DataTierPolicy policy, Clock clock) {
        this.endpoints = endpoints;
        this.policy = policy;
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
        // The client's default executor is an unbounded cached pool: a slow data tier would add a
        // thread per call in flight. Ours is fixed, and nothing run on it blocks.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(policy.timeout())
                .executor(callbacks)
                .build();
        this.instances = new GuardedInstances(endpoints, uri -> new InstanceGuard(uri, policy, clock));
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

    /** A client over {@code endpoints}; {@code clock} drives the circuit breakers' open period. */
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
        Set<URI> tried = ConcurrentHashMap.newKeySet();
        // The tier-wide bulkhead sits outside the instance guards so that refusing a call for lack
        // of room is not counted for or against any instance's health.
        Supplier<CompletionStage<DataResponse>> attempt = () -> bulkhead.executeCompletionStage(() -> attempt(request, tried));
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

    private CompletionStage<DataResponse> attempt(DataRequest request, Set<URI> tried) {
        InstanceGuard guard;
        try {
            guard = instances.acquire(tried);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        tried.add(guard.uri());
        return guard.run(() -> timeLimiter.executeCompletionStage(scheduler, () -> once(guard.uri(), request)));
    }

    /** Whether some instance's breaker lets calls through (closed or half-open); false when none is known. */
    public boolean breakerClosed() {
        return instances.current().stream().anyMatch(g -> !g.open());
    }

    /** The per-instance guards (breaker and bulkhead of each current data-tier instance). */
    public GuardedInstances instances() {
        return instances;
    }

    /** The tier-wide bulkhead: calls in flight over all instances together. */
    public Bulkhead bulkhead() {
        return bulkhead;
    }

    public DataTierEndpoints endpoints() {
        return endpoints;
    }

    /** One attempt against {@code base}; 5xx answers fail the attempt. */
    private CompletableFuture<DataResponse> once(URI base, DataRequest request) {
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
     * Asks every instance's {@code /health}, bypassing retry and breakers (a probe must see the data
     * tier as it is); completes with true when some instance answers 200 in time and its breaker is
     * not open, false when none is known or none does.
     */
    public CompletableFuture<Boolean> probe() {
        List<CompletableFuture<Boolean>> answers = instances.current().stream().map(this::probe).toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(done -> answers.stream().anyMatch(CompletableFuture::join));
    }

    private CompletableFuture<Boolean> probe(InstanceGuard guard) {
        HttpRequest request = HttpRequest.newBuilder(guard.uri().resolve("/health")).timeout(policy.timeout()).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                // An open breaker whose wait is over is about to let trial calls through: with no traffic to make
                // the trial, counting it against a data tier that answers would keep /health DOWN indefinitely.
                .handle((response, error) -> error == null && response.statusCode() == 200
                        && (!guard.open() || guard.untilTrial().isZero()));
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

    /** The failure in words: the JDK's ConnectException has no message, which read "data tier unavailable: null". */
    private static String reason(Throwable e) {
        if (e.getMessage() != null) {
            return e.getMessage();
        }
        return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }

    private Throwable translate(Throwable e) {
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
            return new DataTierUnavailableException("data tier unavailable: " + reason(e), Duration.ofSeconds(1), e);
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
