package dev.baton.app.blocking;

import dev.baton.app.server.ConnectionTracker;
import dev.baton.app.server.Dispatcher;
import dev.baton.app.server.HttpMetrics;
import dev.baton.app.server.ServerSettings;
import dev.baton.app.server.StreamedResponse;
import dev.baton.common.http.FailureResponses;
import dev.baton.common.http.LingeringClose;
import dev.baton.common.http.Responses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection on the calling thread, blocking: optional PROXY header, then requests one
 * after another (keep-alive) until the client closes, asks to close, idles out or the server drains.
 */
final class BlockingConnection implements ConnectionTracker.Connection {
    private static final Logger log = LoggerFactory.getLogger(BlockingConnection.class);
    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int CLOSED = 2;

    private final ClientSocket socket;
    private final SocketChannel channel;
    private final Dispatcher dispatcher;
    private final ConnectionTracker tracker;
    private final HttpMetrics metrics;
    private final ServerSettings settings;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final Duration keepAlive;

    /** @param keepAlive how long to wait for the next request on an idle connection */
    BlockingConnection(ClientSocket socket, Dispatcher dispatcher, ConnectionTracker tracker, HttpMetrics metrics,
                       ServerSettings settings, Duration keepAlive) {
        this.keepAlive = keepAlive;
        this.socket = socket;
        this.channel = socket.channel();
        this.dispatcher = dispatcher;
        this.tracker = tracker;
        this.metrics = metrics;
        this.settings = settings;
    }

    /** Serves until the connection ends; never throws. */
    void serve() {
        tracker.opened(this);
        try {
            channel.socket().setTcpNoDelay(true);
            // The socket adaptor's streams honour SO_TIMEOUT (a bare channel read would not).
            InputStream in = socket.input(16 * 1024);
            OutputStream out = new BufferedOutputStream(channel.socket().getOutputStream(), 16 * 1024);
            serve(in, out);
        } catch (SocketTimeoutException e) {
            log.debug("closing idle connection {}", channel);
        } catch (IOException e) {
            log.debug("connection {} ended: {}", channel, e.toString());
        } finally {
            forceClose();
            tracker.closed(this);
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        ResponseWriter writer = new ResponseWriter(out);
        RequestReader reader = new RequestReader(in, ServerSettings.MAX_HEAD_BYTES, settings.maxBodyBytes());
        InetSocketAddress client;
        try {
            client = client(in);
        } catch (HttpParseException e) {
            refuse(e, writer, in);
            return;
        }
        while (true) {
            timeout(keepAlive);
            int first = in.read();
            timeout(settings.idleTimeout());
            // Busy from the first byte on, so a drain never cuts a request that has begun.
            if (first < 0 || !state.compareAndSet(IDLE, BUSY)) {
                return;
            }
            if (!serveOne(first, reader, writer, in, out, client)) {
                return;
            }
            if (!state.compareAndSet(BUSY, IDLE) || tracker.draining()) {
                return;
            }
        }
    }

    /**
     * Who the client is. A handed-off connection's address comes from the switch, and a PROXY header on
     * it would be the client's own bytes, so it is not read as one (a client must not choose its address).
     */
    private InetSocketAddress client(InputStream in) throws IOException, HttpParseException {
        if (socket.isHandedOff()) {
            return socket.handedOffClient();
        }
        timeout(keepAlive);
        InetSocketAddress proxied = ProxyHeaderReader.read(in);
        return proxied != null ? proxied : (InetSocketAddress) channel.getRemoteAddress();
    }

    private void timeout(Duration timeout) throws IOException {
        channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
    }

    /** Serves one request; returns whether the connection stays open. */
    private boolean serveOne(int first, RequestReader reader, ResponseWriter writer, InputStream in, OutputStream out,
                             InetSocketAddress client) throws IOException {
        long start = System.nanoTime();
        RequestHead head;
        byte[] body;
        try {
            head = reader.readHead(first);
            body = reader.readBody(head, out);
        } catch (HttpParseException e) {
            metrics.record(e.status().code(), start);
            refuse(e, writer, in);
            return false;
        }
        Object answer = await(head, body, client);
        boolean close = !head.keepAlive() || tracker.draining();
        boolean headOnly = HttpMethod.HEAD.equals(head.method());
        if (answer instanceof StreamedResponse streamed) {
            metrics.record(streamed.status().code(), start);
            writer.write(streamed, close, headOnly);
        } else {
            FullHttpResponse full = (FullHttpResponse) answer;
            metrics.record(full.status().code(), start);
            writer.write(full, close, headOnly);
        }
        return !close;
    }

    /**
     * Answers a request that cannot be read, then closes gracefully: after a bad request the stream
     * position is unknown, and closing with unread input would send a reset that can destroy the
     * answer before the client reads it (a client still sending a too-large body). So the output is
     * shut and the input discarded, within a budget, until the client closes.
     */
    private void refuse(HttpParseException e, ResponseWriter writer, InputStream in) throws IOException {
        writer.write(Responses.error(e.status(), e.getMessage()), true, false);
        channel.shutdownOutput();
        // The Netty servers' limits (LingeringClose): 4 MiB or 2 s in all, not 2 s per read.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LingeringClose.DEADLINE_MS);
        long budget = LingeringClose.BUDGET_BYTES;
        byte[] discard = new byte[8192];
        for (long left; budget > 0 && (left = deadline - System.nanoTime()) > 0; ) {
            timeout(Duration.ofNanos(left));
            int n = in.read(discard);
            if (n <= 0) {
                break;
            }
            budget -= n;
        }
    }

    private Object await(RequestHead head, byte[] body, InetSocketAddress client) {
        try {
            // Blocking is this model's nature: the thread (platform or virtual) waits for the answer.
            return dispatcher.dispatch(head.method(), head.uri(), head.headers(), body, client).toCompletableFuture().join();
        } catch (RuntimeException e) {
            return FailureResponses.of(e);
        }
    }

    @Override
    public void closeIfIdle() {
        if (state.compareAndSet(IDLE, CLOSED)) {
            forceClose();
        }
    }

    @Override
    public void forceClose() {
        state.set(CLOSED);
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {} failed: {}", channel, e.toString());
        }
    }
}
