package dev.baton.app.api;

import com.codahale.metrics.MetricRegistry;
import dev.baton.app.data.DataTierClient;
import dev.baton.app.data.DataTierHealth;
import dev.baton.common.http.AdminRoutes;
import dev.baton.common.http.Responses;
import dev.baton.common.http.Route;
import dev.baton.common.http.Router;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The app server's whole API as one {@link Router}, the same for every server model.
 *
 * <pre>{@code
 * Router router = AppRoutes.router(() -> identity, client, health::up, registry, workers);
 * }</pre>
 */
public final class AppRoutes {
    private AppRoutes() {}

    /**
     * @param identity   who this server is (known once it listens)
     * @param dataTierUp whether the data tier is reachable, for {@code /health}
     * @param cpuWork    where {@code /work} burns CPU: a pool for the event loop, the caller's thread otherwise
     */
    public static Router router(Supplier<AppIdentity> identity, DataTierClient data, BooleanSupplier dataTierUp,
                                MetricRegistry registry, Executor cpuWork) {
        KvRoutes kv = new KvRoutes(data);
        BankRoutes bank = new BankRoutes(data);
        Router.Builder router = Router.builder()
                .get("/whoami", Route.of(r -> Responses.ok(whoami(identity.get(), r.client()))))
                .get("/kv/{key}", kv::get)
                .put("/kv/{key}", kv::put)
                .delete("/kv/{key}", kv::delete)
                .post("/accounts", bank::createAccount)
                .get("/accounts/{id}", bank::getAccount)
                .post("/transfers", bank::transfer)
                .get("/audit/total", bank::auditTotal)
                .get("/work", new WorkRoute(cpuWork, new CpuBurner()))
                .get("/blob", new BlobRoute());
        // The app is up whenever it can answer; whether the data tier is reachable is reported, not
        // held against the app (the switch must not eject every app server when the data tier is down).
        return AdminRoutes.addTo(router, registry, () -> new AdminRoutes.Health(true, health(identity.get(), dataTierUp, data)))
                .build();
    }

    static Map<String, Object> whoami(AppIdentity identity, InetSocketAddress client) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", identity.id());
        body.put("model", identity.model().label());
        body.put("client", client == null ? null : client.getAddress().getHostAddress() + ":" + client.getPort());
        body.put("host", identity.host());
        body.put("port", identity.port());
        return body;
    }

    private static Map<String, Object> health(AppIdentity identity, BooleanSupplier dataTierUp, DataTierClient data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("id", identity.id());
        body.put("model", identity.model().label());
        body.put("dataTier", dataTierUp.getAsBoolean() ? "UP" : "DOWN");
        body.put("dataTierInstances", dataTierInstances(data));
        return body;
    }

    /** Each data-tier instance with its breaker state, so an operator sees which one is ejected. */
    private static List<Map<String, Object>> dataTierInstances(DataTierClient data) {
        return data.instances().current().stream().map(guard -> {
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("uri", guard.uri().toString());
            instance.put("breaker", guard.breaker().getState().name());
            instance.put("bulkheadAvailable", guard.bulkhead().getMetrics().getAvailableConcurrentCalls());
            return instance;
        }).toList();
    }
}
