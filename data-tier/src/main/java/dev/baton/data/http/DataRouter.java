package dev.baton.data.http;

import com.codahale.metrics.MetricRegistry;
import dev.baton.common.http.AdminRoutes;
import dev.baton.common.http.Route;
import dev.baton.common.http.Router;
import dev.baton.data.store.AccountStore;
import dev.baton.data.store.Database;
import dev.baton.data.store.KvStore;
import dev.baton.data.store.TransferService;
import io.netty.handler.codec.http.HttpMethod;
import java.util.concurrent.Executor;

/**
 * The data tier's routes: the API of the app-tier contract plus {@code /health} and {@code /metrics}.
 *
 * <pre>{@code
 * Router router = DataRouter.build(db, jdbcExecutor, 1 << 20, health, registry);
 * }</pre>
 */
public final class DataRouter {
    private DataRouter() {}

    public static Router build(Database db, Executor jdbc, int maxValueBytes, HealthMonitor health,
                               MetricRegistry registry) {
        JdbcRoutes routes = new JdbcRoutes(jdbc, health::up);
        KvRoutes kv = new KvRoutes(new KvStore(db), maxValueBytes);
        AccountRoutes accounts = new AccountRoutes(new AccountStore(db));
        TransferRoutes transfers = new TransferRoutes(new TransferService(db, registry));
        Router.Builder router = Router.builder();
        Registrar r = (method, pattern, name, route) ->
                router.route(method, pattern, new InstrumentedRoute(name, route, registry));
        r.add(HttpMethod.GET, "/kv/{key}", "kv.get", routes.of(kv::get));
        r.add(HttpMethod.PUT, "/kv/{key}", "kv.put", routes.of(kv::put));
        r.add(HttpMethod.DELETE, "/kv/{key}", "kv.delete", routes.of(kv::delete));
        r.add(HttpMethod.POST, "/accounts", "accounts.create", routes.of(accounts::create));
        r.add(HttpMethod.GET, "/accounts/{id}", "accounts.get", routes.of(accounts::get));
        r.add(HttpMethod.POST, "/transfers", "transfers.create", routes.of(transfers::transfer));
        r.add(HttpMethod.GET, "/audit/total", "audit.total", routes.of(accounts::total));
        return AdminRoutes.addTo(router, registry, health::health).build();
    }

    @FunctionalInterface
    private interface Registrar {
        void add(HttpMethod method, String pattern, String name, Route route);
    }
}
