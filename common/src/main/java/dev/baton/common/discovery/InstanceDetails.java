package dev.baton.common.discovery;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The payload of a Baton instance in Curator service discovery. Curator's own fields carry the id,
 * address and port too, so other Curator tools can read Baton's registry; this adds what balancing
 * and handoff need.
 *
 * @param host          address clients and peers should connect to
 * @param port          service port
 * @param adminPort     port of {@code /health} and metrics (may equal {@code port})
 * @param handoffSocket Unix socket path that accepts handed-off connections, or null
 * @param hostId        identity of the network host, to tell same-host instances (handoff) from others
 * @param weight        relative balancing weight, 1 to 1000
 * @param zone          locality label
 * @param model         server model (app tier) or engine (data tier)
 * @param version       software version
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceDetails(String host, int port, int adminPort, String handoffSocket, String hostId,
                              int weight, String zone, String model, String version) {
    public InstanceDetails {
        if (weight < 0 || weight > 1000) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0-1000)");
        }
    }
}
