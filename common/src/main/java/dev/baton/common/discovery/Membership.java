package dev.baton.common.discovery;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.x.discovery.ServiceCache;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.details.ServiceCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live members of one service, from a Curator {@link ServiceCache}. Bursts of changes (a rolling
 * restart) are coalesced into one snapshot per window; while ZooKeeper is unreachable the last
 * membership stands, and on reconnect the cache re-syncs and a fresh snapshot follows.
 */
public final class Membership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    private final ServiceCache<InstanceDetails> cache;
    private final String service;
    private final long coalesceMillis;
    private final Consumer<List<Member>> listener;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong snapshots = new AtomicLong();
    private volatile boolean connected = true;
    private volatile List<Member> current = List.of();

    Membership(ServiceDiscovery<InstanceDetails> discovery, String service, Duration coalesce,
               Consumer<List<Member>> listener) {
        this.service = service;
        this.coalesceMillis = coalesce.toMillis();
        this.listener = listener;
        this.cache = discovery.serviceCacheBuilder().name(service).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "membership-" + service);
            t.setDaemon(true);
            return t;
        });
    }

    void start() throws Exception {
        cache.addListener(new ServiceCacheListener() {
            @Override
            public void cacheChanged() {
                schedule();
            }

            @Override
            public void stateChanged(CuratorFramework client, ConnectionState state) {
                connected = state.isConnected();
                log.info("ZooKeeper connection {} (watching '{}', keeping {} members)", state, service, current.size());
                if (state == ConnectionState.RECONNECTED) {
                    schedule();
                }
            }
        });
        cache.start();
        publish();
    }

    /** The latest snapshot, sorted by id. */
    public List<Member> current() {
        return current;
    }

    /** How many snapshots were published; a burst of changes counts once per coalescing window. */
    public long snapshotCount() {
        return snapshots.get();
    }

    private void schedule() {
        if (pending.compareAndSet(false, true)) {
            scheduler.schedule(this::publish, coalesceMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void publish() {
        pending.set(false);
        List<Member> next = cache.getInstances().stream()
                .filter(i -> i.getPayload() != null)
                .map(i -> new Member(i.getId(), i.getPayload()))
                .sorted(Comparator.comparing(Member::id))
                .toList();
        if (next.isEmpty() && !connected && !current.isEmpty()) {
            log.warn("ZooKeeper is unreachable; keeping the last {} members of '{}'", current.size(), service);
            return;
        }
        current = next;
        snapshots.incrementAndGet();
        try {
            listener.accept(next);
        } catch (RuntimeException e) {
            log.error("membership listener for '{}' failed", service, e);
        }
    }

    @Override
    public void close() throws Exception {
        if (closed.compareAndSet(false, true)) {
            scheduler.shutdownNow();
            cache.close();
        }
    }
}
