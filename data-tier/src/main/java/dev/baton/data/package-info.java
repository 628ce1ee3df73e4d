/**
 * Baton's data tier: {@link dev.baton.data.DataTierMain} (the process), {@link dev.baton.data.DataTier}
 * (database, HTTP server and ZooKeeper registration wired together), {@link dev.baton.data.DataTierServer}
 * (Netty and the JDBC executor) and {@link dev.baton.data.DataTierConfig}.
 */
package dev.baton.data;
