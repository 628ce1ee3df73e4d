package dev.baton.common.http;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.json.MetricsModule;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.common.metrics.PrometheusText;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The routes every Baton process serves on its admin port: {@code /health}, {@code /metrics}, {@code /metrics/prometheus}. */
public final class AdminRoutes {
    private static final ObjectMapper METRICS_JSON = new ObjectMapper()
            .registerModule(new MetricsModule(TimeUnit.SECONDS, TimeUnit.MILLISECONDS, false));

    private AdminRoutes() {}

    /**
     * Adds the admin routes to {@code router}.
     *
     * @param health the health document; its {@code "status"} is {@code "UP"} or anything else (503)
     */
    public static Router.Builder addTo(Router.Builder router, MetricRegistry registry, Supplier<Health> health) {
        return addTo(router, registry, health, Map.of());
    }

    /**
     * As {@link #addTo(Router.Builder, MetricRegistry, Supplier)}, with per-member metric groups written to
     * Prometheus with the member's id as a label ({@link PrometheusText#format(MetricRegistry, Map)}).
     */
    public static Router.Builder addTo(Router.Builder router, MetricRegistry registry, Supplier<Health> health,
                                       Map<String, String> labelled) {
        return router
                .get("/health", Route.of(r -> {
                    Health h = health.get();
                    return Responses.json(h.up() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, h.details());
                }))
                .get("/metrics", Route.of(r -> Responses.bytes(HttpResponseStatus.OK,
                        METRICS_JSON.writeValueAsBytes(registry), "application/json")))
                .get("/metrics/prometheus", Route.of(r -> Responses.text(HttpResponseStatus.OK,
                        PrometheusText.format(registry, labelled), PrometheusText.CONTENT_TYPE)));
    }

    /** A health answer: up or not, and a JSON-able document that says why. */
    public record Health(boolean up, Object details) {}
}
