package dev.baton.fswitch.handoff;

import dev.baton.common.handoff.HandoffClient;
import dev.baton.fswitch.pool.Backend;
import dev.baton.fswitch.pool.LoadReports;
import dev.baton.fswitch.pool.PoolListener;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link HandoffClient} per backend that can take handoffs from this switch: same host (its
 * {@code hostId} equals ours) and a published handoff socket. Created when the backend joins the pool,
 * closed when it leaves; the client's load reports become the backend's load.
 *
 * <pre>{@code
 * HandoffClients clients = new HandoffClients(HostIdentity.current(), Epoll.isAvailable());
 * BackendPool pool = new BackendPool(health, clock, PoolListener.both(metrics, clients));
 * HandoffClient c = clients.clientFor(backend);   // null: relay
 * }</pre>
 */
public final class HandoffClients implements PoolListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HandoffClients.class);

    private final String hostId;
    private final boolean available;
    private final Map<Backend, HandoffClient> clients = new ConcurrentHashMap<>();
    private final AtomicLong connectionIds = new AtomicLong();

    /**
     * @param hostId    this switch's host identity
     * @param available whether this platform can pass sockets (epoll); without it no backend gets a client
     */
    public HandoffClients(String hostId, boolean available) {
        this.hostId = hostId;
        this.available = available;
    }

    @Override
    public void added(Backend b) {
        String socket = b.details().handoffSocket();
        if (!available || socket == null || socket.isBlank() || !hostId.equals(b.details().hostId())) {
            return;
        }
        HandoffClient client = new HandoffClient(Path.of(socket));
        clients.put(b, client);
        b.loadReports(new LoadReports() {
            @Override
            public int reportedActive() {
                return client.reportedActive();
            }

            @Override
            public long lastReportNanos() {
                return client.lastReportNanos();
            }
        });
        log.info("backend {} takes handoffs on {}", b, socket);
    }

    /** Closes its client as soon as it leaves the membership: no more handoffs go to it, lingering or not. */
    @Override
    public void left(Backend b) {
        HandoffClient client = clients.remove(b);
        if (client != null) {
            client.close();
        }
    }

    /** The handoff client of {@code b}, or null when connections to it must be relayed. */
    public HandoffClient clientFor(Backend b) {
        return clients.get(b);
    }

    /** Whether {@code b} can take handoffs from this switch. */
    public boolean canHandOff(Backend b) {
        return clients.containsKey(b);
    }

    /** A new id for a handed-off connection (logged by both sides). */
    public long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    @Override
    public void close() {
        clients.values().forEach(HandoffClient::close);
        clients.clear();
    }
}
