package dev.baton.app.blocking;

import dev.baton.app.server.AppServer;
import dev.baton.app.server.ConnectionTracker;
import dev.baton.app.server.Dispatcher;
import dev.baton.app.server.HttpMetrics;
import dev.baton.app.server.ServerModel;
import dev.baton.app.server.ServerSettings;
import dev.baton.common.http.Responses;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocking models. A dispatcher thread accepts connections and hands each to:
 * <ul>
 *   <li>{@code thread-per-connection}: a worker of a bounded pool (a short queue waits for a free
 *       worker; beyond it the connection gets 503 and is closed);</li>
 *   <li>{@code virtual-threads}: a new virtual thread;</li>
 *   <li>{@code single-threaded}: nobody: the dispatcher serves it itself, one connection at a time.</li>
 * </ul>
 * Connections are JDK {@link SocketChannel}s, so a handed-off descriptor can be served the same way.
 */
public final class BlockingServer implements AppServer {
    private static final Logger log = LoggerFactory.getLogger(BlockingServer.class);
    private static final int QUEUED_CONNECTIONS = 1024;
    static final Duration SINGLE_THREADED_KEEP_ALIVE = Duration.ofMillis(200);

    private final ServerModel model;
    private final ServerSettings settings;
    private final Dispatcher dispatcher;
    private final HttpMetrics metrics;
    private final ConnectionTracker tracker = new ConnectionTracker();
    private final ServerSocketChannel listener;
    private final InetSocketAddress bound;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BlockingServer(ServerModel model, ServerSettings settings, Dispatcher dispatcher, HttpMetrics metrics,
                           ServerSocketChannel listener) {
        this.model = model;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.listener = listener;
        this.bound = (InetSocketAddress) listener.socket().getLocalSocketAddress();
        this.workers = workers(model, settings.workerThreads());
        this.acceptor = new Thread(this::acceptLoop, "app-accept-" + model.label());
    }

    /** Binds and starts accepting; {@code model} must be one of the blocking models. */
    public static BlockingServer start(ServerModel model, ServerSettings settings, Dispatcher dispatcher, HttpMetrics metrics)
            throws IOException {
        if (!model.blocking()) {
            throw new IllegalArgumentException("model: " + model.label() + " (expected a blocking model)");
        }
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(settings.bind(), settings.port()), 1024);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        BlockingServer server = new BlockingServer(model, settings, dispatcher, metrics, listener);
        server.acceptor.start();
        log.info("{} server listening on {}", model.label(), server.localAddress());
        return server;
    }

    private static ExecutorService workers(ServerModel model, int threads) {
        return switch (model) {
            case VIRTUAL_THREADS -> Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("app-vt-", 0).factory());
            case THREAD_PER_CONNECTION -> {
                AtomicInteger n = new AtomicInteger();
                yield new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(QUEUED_CONNECTIONS), r -> new Thread(r, "app-worker-" + n.incrementAndGet()));
            }
            default -> null;
        };
    }

    private void acceptLoop() {
        while (!closed.get()) {
            SocketChannel connection;
            try {
                connection = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("accept failed: {}", e.toString());
                continue;
            }
            serve(connection);
        }
    }

    /**
     * Serves an already-connected socket (accepted here or handed off) by this model's rule. For the
     * single-threaded model this returns only when the connection has ended.
     */
    public void serve(SocketChannel connection) {
        BlockingConnection served = new BlockingConnection(connection, dispatcher, tracker, metrics, settings, keepAlive());
        if (workers == null) {
            served.serve();
            return;
        }
        try {
            workers.execute(served::serve);
        } catch (RejectedExecutionException e) {
            refuse(connection);
        }
    }

    /**
     * How long a connection may wait for its next request. The single thread cannot serve anyone
     * else meanwhile, so it waits briefly (as Apache's KeepAliveTimeout does for a process-limited server).
     */
    private Duration keepAlive() {
        return model == ServerModel.SINGLE_THREADED && settings.idleTimeout().compareTo(SINGLE_THREADED_KEEP_ALIVE) > 0
                ? SINGLE_THREADED_KEEP_ALIVE
                : settings.idleTimeout();
    }

    /** Every worker busy and the queue full: say so rather than leave the client hanging. */
    private void refuse(SocketChannel connection) {
        try (connection) {
            new ResponseWriter(new BufferedOutputStream(connection.socket().getOutputStream()))
                    .write(Responses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "server busy"), true, false);
        } catch (IOException e) {
            log.debug("refusing {} failed: {}", connection, e.toString());
        }
    }

    @Override
    public ServerModel model() {
        return model;
    }

    @Override
    public InetSocketAddress localAddress() {
        return bound;
    }

    @Override
    public int openConnections() {
        return tracker.size();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close();
            int forced = tracker.drain(settings.drainTimeout());
            if (forced > 0) {
                log.warn("closed {} connections still busy after the drain deadline of {}", forced, settings.drainTimeout());
            }
            acceptor.join(settings.drainTimeout().toMillis() + 1000);
        } catch (IOException e) {
            log.warn("closing the listener failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
