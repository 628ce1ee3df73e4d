package dev.baton.common.handoff;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands client connections to one receiver (an app server's handoff socket). Keeps one session per
 * event loop, so a connection is always handed off from the loop it lives on, without locks.
 *
 * <pre>{@code
 * HandoffClient client = new HandoffClient(Path.of(details.handoffSocket()));
 * client.handoff(channel, id, prefix).addListener(f -> { if (!f.isSuccess()) relayInstead(channel); });
 * }</pre>
 */
public final class HandoffClient implements AutoCloseable {
    private final Path socketPath;
    private final int expectedUid;
    private final Map<EventLoop, SenderSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger reportedActive = new AtomicInteger(-1);
    private volatile long lastReportNanos;
    private volatile boolean closed;

    /** A client that hands off only to a receiver running as this process's user. */
    public HandoffClient(Path socketPath) {
        this(socketPath, PeerCheck.currentUid());
    }

    public HandoffClient(Path socketPath, int expectedUid) {
        HandoffServer.requireEpoll();
        this.socketPath = socketPath;
        this.expectedUid = expectedUid;
    }

    /**
     * Passes {@code client}'s socket to the receiver, with the bytes already read from it. Call on the
     * client channel's event loop. On success the receiver owns the connection and the local channel is
     * closed; on failure (a {@link HandoffException}) nothing was sent and the caller still owns it.
     */
    public Future<Void> handoff(Channel client, long connectionId, byte[] prefix) {
        return handoff(client, connectionId, () -> prefix);
    }

    /**
     * As {@link #handoff(Channel, long, byte[])}, but the prefix is taken at the moment the descriptor is
     * sent, on the client's event loop. Epoll reads a client's bytes that arrive together with its FIN even
     * with reads off; taking the prefix late means such bytes, read while the session was connecting, still
     * reach the receiver.
     */
    public Future<Void> handoff(Channel client, long connectionId, java.util.function.Supplier<byte[]> prefix) {
        EventLoop loop = client.eventLoop();
        Promise<Void> result = loop.newPromise();
        if (!(client instanceof EpollSocketChannel epoll)) {
            return result.setFailure(new HandoffException("handoff needs an epoll socket, not " + client.getClass().getSimpleName()));
        }
        if (closed) {
            return result.setFailure(new HandoffException("handoff client for " + socketPath + " is closed"));
        }
        InetSocketAddress address = epoll.remoteAddress();
        if (address == null) {
            return result.setFailure(new HandoffException("client connection already closed"));
        }
        session(loop).send(epoll, new PendingHeader(connectionId, address, prefix), result);
        return result;
    }

    private SenderSession session(EventLoop loop) {
        SenderSession s = sessions.get(loop);
        if (s == null || s.isClosed()) {
            s = new SenderSession(loop, socketPath, expectedUid, this::onLoadReport);
            sessions.put(loop, s);
            s.connect();
        }
        return s;
    }

    private void onLoadReport(int active) {
        reportedActive.set(active);
        lastReportNanos = System.nanoTime();
    }

    /** Active connections as the receiver last reported them, or -1 before the first report. */
    public int reportedActive() {
        return reportedActive.get();
    }

    /** {@link System#nanoTime()} of the last load report, 0 before the first. */
    public long lastReportNanos() {
        return lastReportNanos;
    }

    public Path socketPath() {
        return socketPath;
    }

    @Override
    public void close() {
        closed = true;
        sessions.values().forEach(s -> s.loop().execute(s::close));
        sessions.clear();
    }

    /** A header whose prefix is read when it is sent. */
    record PendingHeader(long connectionId, InetSocketAddress client, java.util.function.Supplier<byte[]> prefix) {
        HandoffHeader take() {
            return new HandoffHeader(connectionId, client, prefix.get());
        }
    }
}
