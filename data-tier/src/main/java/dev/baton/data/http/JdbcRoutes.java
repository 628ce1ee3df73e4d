package dev.baton.data.http;

import dev.baton.common.http.HttpError;
import dev.baton.common.http.Route;
import dev.baton.data.store.StoreException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds routes whose work is JDBC: they run on the bounded JDBC executor and turn store failures into HTTP errors. */
final class JdbcRoutes {
    private static final Logger log = LoggerFactory.getLogger(JdbcRoutes.class);
    /** A second: the health monitor checks the database every second, so a client learns of recovery soon. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final Executor executor;
    private final BooleanSupplier databaseUp;

    /** @param databaseUp the health monitor's last word on the database ({@link HealthMonitor#up()}) */
    JdbcRoutes(Executor executor, BooleanSupplier databaseUp) {
        this.executor = executor;
        this.databaseUp = databaseUp;
    }

    /**
     * A route on the JDBC executor. Every 503 carries Retry-After. While the health monitor finds the database
     * unreachable, the answer is 503 at once: otherwise every request would wait out the pool's connection
     * timeout on a JDBC thread, and a burst would queue behind them for tens of seconds. A full executor
     * answers 503 at once rather than queueing without bound; an unreachable database or a lock wait that
     * ran out answers 503, any other database failure 500 (logged here, never sent to the client).
     */
    Route of(Route.SyncRoute handler) {
        Route blocking = Route.blocking(executor, request -> {
            try {
                return handler.handle(request);
            } catch (StoreException e) {
                if (e.unavailable()) {
                    log.warn("{} {}: {}", request.method(), request.path(), e.getMessage());
                    throw HttpError.unavailable("database unavailable, try again", RETRY_AFTER_SECONDS);
                }
                throw e;
            }
        });
        return request -> {
            if (!databaseUp.getAsBoolean()) {
                return CompletableFuture.failedFuture(
                        HttpError.unavailable("database unreachable, try again", RETRY_AFTER_SECONDS));
            }
            try {
                return blocking.handle(request);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.failedFuture(HttpError.unavailable("overloaded, try again", RETRY_AFTER_SECONDS));
            }
        };
    }
}
