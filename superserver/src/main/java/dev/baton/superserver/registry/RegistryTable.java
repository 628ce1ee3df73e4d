package dev.baton.superserver.registry;

import java.util.List;

/**
 * The endpoint table behind the daemon registry: {@link InMemoryRegistryTable} for one daemon alone,
 * {@link ZooKeeperRegistryTable} for every daemon of a cluster (and the tiers' own registrations).
 * Methods may block (ZooKeeper): call them off the event loop.
 */
public interface RegistryTable extends AutoCloseable {
    /** Adds an endpoint with a fresh lease; the token was checked by the caller. */
    Registered register(String name, String version, String host, int port) throws RegistryException;

    /** Extends the lease of the entry {@code id} if {@code secret} is its owner's; returns the new lease in seconds. */
    long renew(String id, String secret) throws RegistryException;

    /** Removes the entry {@code id} if {@code secret} is its owner's. */
    void unregister(String id, String secret) throws RegistryException;

    /** Live endpoints of {@code name}, of {@code version} only when it is not null, sorted by id. */
    List<Endpoint> lookup(String name, String version) throws RegistryException;

    /** Every live endpoint, sorted by name and id. */
    List<Endpoint> dump() throws RegistryException;

    /** Removes entries whose lease ran out; returns how many. */
    int expire();

    @Override
    void close();
}
