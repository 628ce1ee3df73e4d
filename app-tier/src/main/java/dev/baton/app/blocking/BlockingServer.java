package dev.baton.app.blocking;

import dev.baton.app.server.AppServer;
import dev.baton.app.server.ConnectionTracker;
import dev.baton.app.server.Dispatcher;
import dev.baton.app.server.HttpMetrics;
import dev.baton.app.server.ServerModel;
import dev.baton.app.server.ServerSettings;
import dev.baton.common.handoff.HandedOff;
import dev.baton.common.http.Responses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocking models. A dispatcher thread takes connections from its listener and from the switch
 * (handed off, see {@link #adopt}) and hands each to:
 * <ul>
 *   <li>{@code thread-per-connection}: a worker of a bounded pool (a queue of up to 1024 connections
 *       waits for a free worker, holding no thread; beyond it the connection gets 503 with
 *       {@code Retry-After: 1} and is closed at once);</li>
 *   <li>{@code virtual-threads}: a new virtual thread;</li>
 *   <li>{@code single-threaded}: nobody: the dispatcher serves it itself, one connection at a time.</li>
 * </ul>
 * Connections are JDK {@link SocketChannel}s; a handed-off descriptor becomes one too
 * ({@link HandedOffSockets}), so all models serve handed-off connections with the same code.
 */
public final class BlockingServer implements AppServer {
    private static final Logger log = LoggerFactory.getLogger(BlockingServer.class);
    static final int QUEUED_CONNECTIONS = 1024;
    static final int RETRY_AFTER_SECONDS = 1;
    static final Duration SINGLE_THREADED_KEEP_ALIVE = Duration.ofMillis(200);

    private final ServerModel model;
    private final ServerSettings settings;
    private final Dispatcher dispatcher;
    private final HttpMetrics metrics;
    private final ConnectionTracker tracker = new ConnectionTracker();
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Queue<ClientSocket> handedOff = new ConcurrentLinkedQueue<>();
    private final ReentrantLock wakeLock = new ReentrantLock();
    private final InetSocketAddress bound;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BlockingServer(ServerModel model, ServerSettings settings, Dispatcher dispatcher, HttpMetrics metrics,
                           ServerSocketChannel listener, Selector selector, int queuedConnections) {
        this.model = model;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.listener = listener;
        this.selector = selector;
        this.bound = (InetSocketAddress) listener.socket().getLocalSocketAddress();
        this.workers = workers(model, settings.workerThreads(), queuedConnections);
        this.acceptor = new Thread(this::acceptLoop, "app-accept-" + model.label());
    }

    /** Binds and starts accepting; {@code model} must be one of the blocking models. */
    public static BlockingServer start(ServerModel model, ServerSettings settings, Dispatcher dispatcher, HttpMetrics metrics)
            throws IOException {
        return start(model, settings, dispatcher, metrics, QUEUED_CONNECTIONS);
    }

    /** As {@link #start(ServerModel, ServerSettings, Dispatcher, HttpMetrics)}, with a thread-per-connection queue of {@code queuedConnections}. */
    static BlockingServer start(ServerModel model, ServerSettings settings, Dispatcher dispatcher, HttpMetrics metrics,
                                int queuedConnections) throws IOException {
        if (queuedConnections < 1) {
            throw new IllegalArgumentException("queuedConnections: " + queuedConnections + " (expected: >= 1)");
        }
        if (!model.blocking()) {
            throw new IllegalArgumentException("model: " + model.label() + " (expected a blocking model)");
        }
        ServerSocketChannel listener = ServerSocketChannel.open();
        Selector selector = null;
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(settings.bind(), settings.port()), 1024);
            // Non-blocking accept behind a selector, so that a handoff can wake the dispatcher too.
            listener.configureBlocking(false);
            selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            listener.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        BlockingServer server = new BlockingServer(model, settings, dispatcher, metrics, listener, selector, queuedConnections);
        server.acceptor.start();
        log.info("{} server listening on {}", model.label(), server.localAddress());
        return server;
    }

    private static ExecutorService workers(ServerModel model, int threads, int queuedConnections) {
        return switch (model) {
            case VIRTUAL_THREADS -> Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("app-vt-", 0).factory());
            case THREAD_PER_CONNECTION -> {
                AtomicInteger n = new AtomicInteger();
                yield new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(queuedConnections), r -> new Thread(r, "app-worker-" + n.incrementAndGet()));
            }
            default -> null;
        };
    }

    /** The dispatcher: one handed-off connection, then one accepted one, in turn; waits when there are none. */
    private void acceptLoop() {
        try {
            while (!closed.get()) {
                boolean found = serveNextHandedOff() | acceptNext();
                if (!found) {
                    selector.select();
                    selector.selectedKeys().clear();
                }
            }
        } catch (ClosedSelectorException | ClosedChannelException e) {
            // closed by close()
        } catch (IOException e) {
            log.error("the {} dispatcher stopped: {}", model.label(), e.toString());
        } finally {
            closeQueued();
        }
    }

    private boolean serveNextHandedOff() {
        ClientSocket next = handedOff.poll();
        if (next != null) {
            serve(next);
        }
        return next != null;
    }

    private boolean acceptNext() throws IOException {
        SocketChannel connection;
        try {
            connection = listener.accept();
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            log.warn("accept failed: {}", e.toString());
            return false;
        }
        if (connection != null) {
            serve(ClientSocket.accepted(connection));
        }
        return connection != null;
    }

    /**
     * Serves a connection handed off by the switch, taking ownership of its descriptor: it becomes a
     * JDK socket channel and joins the dispatcher's queue (this returns at once, so it may be called
     * on an event loop). On failure the descriptor is closed.
     */
    @Override
    public void adopt(HandedOff connection) {
        SocketChannel channel;
        try {
            channel = HandedOffSockets.wrap(connection.descriptor().intValue(), connection.header().client());
        } catch (IOException e) {
            log.warn("cannot serve handed-off connection {}: {}", connection.header().connectionId(), e.getMessage());
            closeQuietly(connection.descriptor()::close);
            return;
        }
        handedOff.add(ClientSocket.handedOff(channel, connection.header().client(), connection.header().prefix()));
        wakeLock.lock();
        try {
            if (closed.get()) {
                closeQueued(); // the dispatcher may have gone already
            } else {
                selector.wakeup();
            }
        } finally {
            wakeLock.unlock();
        }
    }

    private void closeQueued() {
        for (ClientSocket queued; (queued = handedOff.poll()) != null; ) {
            closeQuietly(queued.channel());
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            log.debug("closing {} failed: {}", c, e.toString());
        }
    }

    /**
     * Serves a connection by this model's rule. For the single-threaded model this returns only when
     * the connection has ended.
     */
    private void serve(ClientSocket connection) {
        BlockingConnection served = new BlockingConnection(connection, dispatcher, tracker, metrics, settings, keepAlive());
        if (workers == null) {
            served.serve();
            return;
        }
        try {
            workers.execute(served::serve);
        } catch (RejectedExecutionException e) {
            refuse(connection.channel());
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

    /**
     * Every worker busy and the queue full: say so at once, on the dispatcher, rather than leave the
     * client hanging or start a thread for it. The request is not read; the client may retry soon.
     */
    private void refuse(SocketChannel connection) {
        try (connection) {
            FullHttpResponse busy = Responses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "server busy");
            busy.headers().set(HttpHeaderNames.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
            new ResponseWriter(new BufferedOutputStream(connection.socket().getOutputStream())).write(busy, true, false);
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
        return tracker.size() + handedOff.size() + waitingForAWorker();
    }

    private int waitingForAWorker() {
        return workers instanceof ThreadPoolExecutor pool ? pool.getQueue().size() : 0;
    }

    /** Wakes the dispatcher and releases the listening port (a registered channel's close waits for its selector). */
    private void closeSelector() throws IOException {
        // Under the lock: waking a closed selector is an error, and adopt() may be waking it right now.
        wakeLock.lock();
        try {
            selector.close();
        } finally {
            wakeLock.unlock();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close();
            closeSelector();
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
