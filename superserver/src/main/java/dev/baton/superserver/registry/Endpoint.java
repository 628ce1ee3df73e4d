package dev.baton.superserver.registry;

/**
 * One live endpoint of a named service.
 *
 * @param leaseSeconds seconds left on its lease, or -1 when it has none (an instance that registered
 *                     itself in ZooKeeper lives as long as its session)
 */
public record Endpoint(String name, String version, String host, int port, String id, long leaseSeconds) {
    /** The protocol's endpoint line: {@code name version host port id lease}, lease {@code -} when none. */
    public String line() {
        return name + " " + version + " " + host + " " + port + " " + id + " " + (leaseSeconds < 0 ? "-" : Long.toString(leaseSeconds));
    }
}
