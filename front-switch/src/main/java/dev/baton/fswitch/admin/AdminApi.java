package dev.baton.fswitch.admin;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.common.http.AdminRoutes;
import dev.baton.common.http.HttpError;
import dev.baton.common.http.Json;
import dev.baton.common.http.Request;
import dev.baton.common.http.Responses;
import dev.baton.common.http.Route;
import dev.baton.common.http.Router;
import dev.baton.fswitch.pool.BackendPool;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The switch's admin routes. Reads are open; writes (drain, undrain, weight, reload) need
 * {@code Authorization: Bearer <admin-token>}: a wrong or missing token gets 401, and without a configured
 * token writes are refused with 403.
 *
 * <pre>{@code
 * curl localhost:8081/backends
 * curl -X POST -H 'Authorization: Bearer s3cret' localhost:8081/backends/app-1/drain
 * curl -X PUT -H 'Authorization: Bearer s3cret' -d '{"weight":5}' localhost:8081/backends/app-1/weight
 * curl -X POST -H 'Authorization: Bearer s3cret' localhost:8081/reload   # 409 when started without --config
 * }</pre>
 */
public final class AdminApi {
    private final BackendPool pool;
    private final Supplier<String> token;
    private final Supplier<AdminRoutes.Health> health;
    private final Reloader reloader;

    /**
     * Reloads the config file; returns a message, or throws IllegalArgumentException or IllegalStateException
     * saying why it was refused, or NoConfigFileException when there is no file.
     */
    @FunctionalInterface
    public interface Reloader {
        String reload();
    }

    public AdminApi(BackendPool pool, Supplier<String> token, Supplier<AdminRoutes.Health> health, Reloader reloader) {
        this.pool = pool;
        this.token = token;
        this.health = health;
        this.reloader = reloader;
    }

    public Router router(MetricRegistry registry) {
        Router.Builder b = Router.builder()
                .get("/backends", Route.of(r -> Responses.ok(Map.of("backends",
                        pool.listed().stream().map(BackendView::of).toList()))))
                .get("/backends/{id}", Route.of(r -> Responses.ok(BackendView.of(pool.find(r.param("id"))
                        .orElseThrow(() -> HttpError.notFound("no backend '" + r.param("id") + "'"))))))
                .post("/backends/{id}/drain", Route.of(r -> drain(r, true)))
                .post("/backends/{id}/undrain", Route.of(r -> drain(r, false)))
                .put("/backends/{id}/weight", Route.of(this::weight))
                .post("/reload", Route.of(this::reload));
        // backends.<id>.<metric> (SwitchMetrics) as baton_backends_<metric>{backend="<id>"}
        return AdminRoutes.addTo(b, registry, health, Map.of("backends", "backend")).build();
    }

    private FullHttpResponse drain(Request r, boolean draining) {
        authorize(r);
        String id = r.param("id");
        if (!pool.drain(id, draining)) {
            throw HttpError.notFound("no backend '" + id + "'");
        }
        return Responses.ok(BackendView.of(pool.find(id).orElseThrow()));
    }

    private FullHttpResponse weight(Request r) {
        authorize(r);
        JsonNode body = Json.object(r.body());
        JsonNode w = body.get("weight");
        // canConvertToInt first: asInt() wraps 4294967346 around to 50
        if (w == null || !w.isIntegralNumber() || !w.canConvertToInt() || w.asInt() < 0 || w.asInt() > 1000) {
            throw HttpError.badRequest("weight: " + w + " (expected: {\"weight\": 0-1000})");
        }
        String id = r.param("id");
        if (!pool.weight(id, w.asInt())) {
            throw HttpError.notFound("no backend '" + id + "'");
        }
        return Responses.ok(BackendView.of(pool.find(id).orElseThrow()));
    }

    private FullHttpResponse reload(Request r) {
        authorize(r);
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("reloaded", true);
            out.put("message", reloader.reload());
            return Responses.ok(out);
        } catch (NoConfigFileException e) {
            throw new HttpError(HttpResponseStatus.CONFLICT, e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw HttpError.badRequest("config refused, keeping the running one: " + e.getMessage());
        }
    }

    private void authorize(Request r) {
        String expected = token.get();
        if (expected == null) {
            throw new HttpError(HttpResponseStatus.FORBIDDEN, "admin writes are disabled: no admin-token configured");
        }
        String header = r.header(HttpHeaderNames.AUTHORIZATION);
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw new HttpError(HttpResponseStatus.UNAUTHORIZED, "missing or wrong bearer token");
        }
    }
}
