package dev.baton.app.api;

import dev.baton.common.http.HttpError;
import dev.baton.common.http.Request;
import dev.baton.common.http.Responses;
import dev.baton.common.http.Route;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * {@code GET /work?cpu-ms=N}: really spends N ms of CPU (0 to {@value #MAX_CPU_MS}) on {@code executor},
 * which is a worker pool for the event loop and the calling thread for the blocking models.
 */
final class WorkRoute implements Route {
    static final long MAX_CPU_MS = 10_000;

    private final Executor executor;
    private final CpuBurner burner;

    WorkRoute(Executor executor, CpuBurner burner) {
        this.executor = executor;
        this.burner = burner;
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(Request request) {
        long cpuMs = cpuMillis(request.query("cpu-ms"));
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            long checksum = burner.burn(cpuMs);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            return Responses.ok(Map.of("cpuMs", cpuMs, "elapsedMs", elapsedMs, "checksum", checksum));
        }, executor);
    }

    static long cpuMillis(String value) {
        if (value == null) {
            throw HttpError.badRequest("query parameter cpu-ms is required (0-" + MAX_CPU_MS + ")");
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms >= 0 && ms <= MAX_CPU_MS) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below with the bad value
        }
        throw HttpError.badRequest("cpu-ms: '" + value + "' (expected: 0-" + MAX_CPU_MS + ")");
    }
}
