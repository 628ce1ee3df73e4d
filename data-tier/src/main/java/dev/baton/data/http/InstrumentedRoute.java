package dev.baton.data.http;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.baton.common.http.HttpError;
import dev.baton.common.http.Request;
import dev.baton.common.http.Route;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Wraps a route with its metrics: a {@code http.<name>} timer and {@code http.<name>.<status class>} meters. */
final class InstrumentedRoute implements Route {
    private final Route delegate;
    private final Timer timer;
    private final MetricRegistry registry;
    private final String name;

    InstrumentedRoute(String name, Route delegate, MetricRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        this.name = "http." + name;
        this.timer = registry.timer(this.name);
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(Request request) {
        Timer.Context time = timer.time();
        CompletionStage<FullHttpResponse> response;
        try {
            response = delegate.handle(request);
        } catch (Exception e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response.whenComplete((ok, error) -> {
            time.stop();
            registry.meter(name + "." + (status(ok, error) / 100) + "xx").mark();
        });
    }

    private static int status(FullHttpResponse ok, Throwable error) {
        if (ok != null) {
            return ok.status().code();
        }
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof HttpError http) {
            return http.status().code();
        }
        return e instanceof IllegalArgumentException ? 400 : 500;
    }
}
