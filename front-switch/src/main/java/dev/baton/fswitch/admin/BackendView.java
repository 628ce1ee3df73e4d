package dev.baton.fswitch.admin;

import dev.baton.fswitch.pool.Backend;
import dev.baton.fswitch.pool.BackendState;
import dev.baton.fswitch.pool.LoadReports;

/**
 * One backend in {@code GET /backends}. {@code activeConnections} is the load the policies use: relayed
 * connections, or for a backend that takes handoffs its own report ({@code reportedActive}, {@code reportAgeMs}
 * old; -1 before the first) plus the handoffs since. A backend in state {@code leaving} has left the membership
 * and is listed only while relayed connections to it remain; those are then all its {@code activeConnections}.
 */
public record BackendView(String id, String address, BackendState state, int weight, int effectiveWeight,
                          int activeConnections, int relayedConnections, long totalConnections, long ejections,
                          String zone, String model, String hostId, String handoffSocket, boolean handoff,
                          long handoffs, long handoffFailures, int reportedActive, long reportAgeMs) {
    public static BackendView of(Backend b) {
        LoadReports r = b.loadReports();
        int reported = r == null ? -1 : r.reportedActive();
        long age = r == null || r.lastReportNanos() == 0 ? -1 : (System.nanoTime() - r.lastReportNanos()) / 1_000_000;
        return new BackendView(b.id(), b.address().getHostString() + ":" + b.address().getPort(), b.state(),
                b.weight(), b.effectiveWeight(), b.activeConnections(), b.relayedConnections(), b.totalConnections(),
                b.ejections(), b.details().zone(), b.details().model(), b.details().hostId(), b.details().handoffSocket(),
                r != null, b.handoffs(), b.handoffFailures(), reported, age);
    }
}
