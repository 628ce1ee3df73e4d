package dev.baton.app.server;

import com.codahale.metrics.MetricRegistry;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.baton.app.AppServers;
import dev.baton.app.api.AppIdentity;
import dev.baton.app.api.AppRoutes;
import dev.baton.app.data.DataTierClient;
import dev.baton.app.data.DataTierEndpoints;
import dev.baton.app.data.DataTierPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** An app server of one model on a free port, with WireMock in place of the data tier. */
public final class RunningApp implements AutoCloseable {
    public final WireMockServer dataTier;
    public final DataTierClient client;
    public final AppServer server;
    private final ExecutorService work;
    private HandoffReceiver handoff;

    private RunningApp(ServerModel model, DataTierPolicy policy, ServerSettings settings) throws Exception {
        dataTier = new WireMockServer(options().dynamicPort().containerThreads(32));
        dataTier.start();
        client = DataTierClient.create(DataTierEndpoints.of(List.of(URI.create(dataTier.baseUrl()))), policy, Clock.systemUTC());
        work = Executors.newFixedThreadPool(2);
        Executor cpu = model.blocking() ? Runnable::run : work;
        AppIdentity[] self = new AppIdentity[1];
        var router = AppRoutes.router(() -> self[0], client, client::breakerClosed, new MetricRegistry(), cpu);
        server = AppServers.start(model, settings, new Dispatcher(router), new HttpMetrics(new MetricRegistry()));
        self[0] = new AppIdentity("app-test", model, "127.0.0.1", server.port());
    }

    public static RunningApp start(ServerModel model) throws Exception {
        return start(model, fastPolicy(), ServerSettings.loopback());
    }

    public static RunningApp start(ServerModel model, DataTierPolicy policy, ServerSettings settings) throws Exception {
        return new RunningApp(model, policy, settings);
    }

    /**
     * Short backoff so failure tests stay fast; the time limit leaves room for a loaded CI machine, since no
     * contract test waits for it (their slow stubs answer within 300 ms).
     */
    public static DataTierPolicy fastPolicy() {
        return new DataTierPolicy(Duration.ofSeconds(3), 3, Duration.ofMillis(10), Duration.ofSeconds(30), 20, 64);
    }

    /** Starts receiving handoffs on {@code socket} (closed with the app). */
    public HandoffReceiver receiveHandoffs(Path socket) throws Exception {
        handoff = HandoffReceiver.start(socket, server);
        return handoff;
    }

    /** The handoff socket, once {@link #receiveHandoffs} ran. */
    public Path handoffSocket() {
        return handoff.socketPath();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    @Override
    public void close() {
        if (handoff != null) {
            try {
                handoff.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        server.close();
        client.close();
        work.shutdownNow();
        dataTier.stop();
    }
}
