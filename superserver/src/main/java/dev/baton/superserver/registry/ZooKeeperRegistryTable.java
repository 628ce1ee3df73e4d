package dev.baton.superserver.registry;

import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.Registration;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.x.discovery.ServiceInstance;

/**
 * The table of a daemon in a cluster: Curator service discovery under {@code /baton/services}, the same
 * tree the app and data tiers register in, so every daemon answers LOOKUP and DUMP from one table and
 * the tiers' own instances appear in it.
 *
 * <p>A REGISTER becomes an ephemeral instance of this daemon's ZooKeeper session, with a lease this
 * daemon keeps: when the lease runs out, or the daemon stops, the instance is removed. RENEW and
 * UNREGISTER therefore go to the daemon that accepted the REGISTER; another daemon answers 404.
 */
public final class ZooKeeperRegistryTable implements RegistryTable {
    private static final String MODEL = "registry-entry";

    private final Discovery discovery;
    private final LeaseBook leases;
    private final int maxEntries;
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

    public ZooKeeperRegistryTable(Discovery discovery, Clock clock, Duration lease, int maxEntries) {
        this.discovery = discovery;
        this.leases = new LeaseBook(clock, lease);
        this.maxEntries = maxEntries;
    }

    @Override
    public Registered register(String name, String version, String host, int port) throws RegistryException {
        expire();
        if (registrations.size() >= maxEntries) {
            throw new RegistryException(RegistryException.FULL, "registry full (" + maxEntries + " entries on this daemon)");
        }
        String id = LeaseBook.newId();
        InstanceDetails details = new InstanceDetails(host, port, 0, null, null, 1, null, MODEL, version);
        try {
            registrations.put(id, discovery.register(name, id, details));
        } catch (Exception e) {
            throw new RegistryException(RegistryException.UNAVAILABLE, "ZooKeeper: " + e.getMessage(), e);
        }
        return new Registered(id, leases.open(id), leases.leaseSeconds());
    }

    @Override
    public long renew(String id, String secret) throws RegistryException {
        leases.renew(id, secret);
        return leases.leaseSeconds();
    }

    @Override
    public void unregister(String id, String secret) throws RegistryException {
        leases.close(id, secret);
        Registration r = registrations.remove(id);
        if (r != null) {
            r.close();
        }
    }

    @Override
    public List<Endpoint> lookup(String name, String version) throws RegistryException {
        return query(name).stream()
                .filter(e -> version == null || e.version().equals(version))
                .sorted(Comparator.comparing(Endpoint::id)).toList();
    }

    @Override
    public List<Endpoint> dump() throws RegistryException {
        List<Endpoint> all = new ArrayList<>();
        try {
            for (String name : discovery.serviceDiscovery().queryForNames()) {
                all.addAll(query(name));
            }
        } catch (RegistryException e) {
            throw e;
        } catch (Exception e) {
            throw new RegistryException(RegistryException.UNAVAILABLE, "ZooKeeper: " + e.getMessage(), e);
        }
        all.sort(Comparator.comparing(Endpoint::name).thenComparing(Endpoint::id));
        return all;
    }

    private List<Endpoint> query(String name) throws RegistryException {
        try {
            List<Endpoint> out = new ArrayList<>();
            for (ServiceInstance<InstanceDetails> i : discovery.serviceDiscovery().queryForInstances(name)) {
                if (registrations.containsKey(i.getId()) && !leases.live(i.getId())) {
                    continue; // expired here, removal pending
                }
                out.add(toEndpoint(name, i));
            }
            return out;
        } catch (Exception e) {
            throw new RegistryException(RegistryException.UNAVAILABLE, "ZooKeeper: " + e.getMessage(), e);
        }
    }

    private Endpoint toEndpoint(String name, ServiceInstance<InstanceDetails> i) {
        InstanceDetails d = i.getPayload();
        String host = d != null && d.host() != null ? d.host() : i.getAddress();
        int port = d != null && d.port() > 0 ? d.port() : (i.getPort() != null ? i.getPort() : 0);
        String version = d != null && d.version() != null && !d.version().isBlank() ? d.version().replace(' ', '_') : "-";
        return new Endpoint(name, version, host, port, i.getId(), leases.remainingSeconds(i.getId()));
    }

    @Override
    public int expire() {
        List<String> gone = leases.removeExpired();
        for (String id : gone) {
            Registration r = registrations.remove(id);
            if (r != null) {
                r.close();
            }
        }
        return gone.size();
    }

    /** Deregisters everything this daemon registered. */
    @Override
    public void close() {
        registrations.values().forEach(Registration::close);
        registrations.clear();
    }
}
