package dev.baton.data.http;

import dev.baton.common.http.HttpError;
import dev.baton.common.http.Route;
import dev.baton.data.store.StoreException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds routes whose work is JDBC: they run on the bounded JDBC executor and turn store failures into HTTP errors. */
final class JdbcRoutes {
    private static final Logger log = LoggerFactory.getLogger(JdbcRoutes.class);

    private final Executor executor;

    JdbcRoutes(Executor executor) {
        this.executor = executor;
    }

    /**
     * A route on the JDBC executor. A full executor answers 503 at once rather than queueing without
     * bound; an unreachable database or contention beyond the retries answers 503, any other database
     * failure 500 (logged here, never sent to the client).
     */
    Route of(Route.SyncRoute handler) {
        Route blocking = Route.blocking(executor, request -> {
            try {
                return handler.handle(request);
            } catch (StoreException e) {
                if (e.unavailable()) {
                    log.warn("{} {}: {}", request.method(), request.path(), e.getMessage());
                    throw new HttpError(HttpResponseStatus.SERVICE_UNAVAILABLE, "database unavailable, try again");
                }
                throw e;
            }
        });
        return request -> {
            try {
                return blocking.handle(request);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.failedFuture(
                        new HttpError(HttpResponseStatus.SERVICE_UNAVAILABLE, "overloaded, try again"));
            }
        };
    }
}
