package dev.baton.app;

import dev.baton.app.blocking.BlockingServer;
import dev.baton.app.eventloop.EventLoopServer;
import dev.baton.app.server.AppServer;
import dev.baton.app.server.Dispatcher;
import dev.baton.app.server.HttpMetrics;
import dev.baton.app.server.ServerModel;
import dev.baton.app.server.ServerSettings;

/** Starts the server of a given model; every model serves the same {@link Dispatcher}. */
public final class AppServers {
    private AppServers() {}

    public static AppServer start(ServerModel model, ServerSettings settings, Dispatcher dispatcher, HttpMetrics metrics)
            throws Exception {
        return switch (model) {
            case EVENT_LOOP -> EventLoopServer.start(settings, dispatcher, metrics);
            case VIRTUAL_THREADS, THREAD_PER_CONNECTION, SINGLE_THREADED -> BlockingServer.start(model, settings, dispatcher, metrics);
        };
    }
}
