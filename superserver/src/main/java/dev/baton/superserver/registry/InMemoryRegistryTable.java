package dev.baton.superserver.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The table of a daemon without ZooKeeper: this process's memory, entries expire with their leases. */
public final class InMemoryRegistryTable implements RegistryTable {
    private record Entry(String name, String version, String host, int port, String id) {}

    private final LeaseBook leases;
    private final int maxEntries;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public InMemoryRegistryTable(Clock clock, Duration lease, int maxEntries) {
        this.leases = new LeaseBook(clock, lease);
        this.maxEntries = maxEntries;
    }

    @Override
    public synchronized Registered register(String name, String version, String host, int port) throws RegistryException {
        expire();
        if (entries.size() >= maxEntries) {
            throw new RegistryException(RegistryException.FULL, "registry full (" + maxEntries + " entries)");
        }
        String id = LeaseBook.newId();
        entries.put(id, new Entry(name, version, host, port, id));
        return new Registered(id, leases.open(id), leases.leaseSeconds());
    }

    @Override
    public long renew(String id, String secret) throws RegistryException {
        leases.renew(id, secret);
        return leases.leaseSeconds();
    }

    @Override
    public synchronized void unregister(String id, String secret) throws RegistryException {
        leases.close(id, secret);
        entries.remove(id);
    }

    @Override
    public List<Endpoint> lookup(String name, String version) {
        return live().filter(e -> e.name().equals(name) && (version == null || e.version().equals(version)))
                .sorted(Comparator.comparing(Endpoint::id)).toList();
    }

    @Override
    public List<Endpoint> dump() {
        return live().sorted(Comparator.comparing(Endpoint::name).thenComparing(Endpoint::id)).toList();
    }

    private java.util.stream.Stream<Endpoint> live() {
        return entries.values().stream()
                .filter(e -> leases.live(e.id()))
                .map(e -> new Endpoint(e.name(), e.version(), e.host(), e.port(), e.id(), leases.remainingSeconds(e.id())));
    }

    @Override
    public synchronized int expire() {
        List<String> gone = leases.removeExpired();
        gone.forEach(entries::remove);
        return gone.size();
    }

    @Override
    public void close() {
        entries.clear();
    }
}
