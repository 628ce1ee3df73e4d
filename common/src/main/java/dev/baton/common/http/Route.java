package dev.baton.common.http;

import io.netty.handler.codec.http.FullHttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Serves one kind of request. Routes run on the event loop, so anything blocking uses {@link #blocking}. */
@FunctionalInterface
public interface Route {
    CompletionStage<FullHttpResponse> handle(Request request) throws Exception;

    /** A route that computes its response on the event loop; it must not block. */
    static Route of(SyncRoute route) {
        return request -> CompletableFuture.completedFuture(route.handle(request));
    }

    /** A route whose work blocks (JDBC, a blocking client): it runs on {@code executor}, off the event loop. */
    static Route blocking(Executor executor, SyncRoute route) {
        return request -> CompletableFuture.supplyAsync(() -> {
            try {
                return route.handle(request);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, executor);
    }

    @FunctionalInterface
    interface SyncRoute {
        FullHttpResponse handle(Request request) throws Exception;
    }
}
