/**
 * The app tier's client of the data tier: finds instances in ZooKeeper, balances across them, and
 * guards every call with Resilience4j (time limit, retry, a tier-wide bulkhead, and a circuit breaker
 * and bulkhead per instance: {@link dev.baton.app.data.InstanceGuard}). Everything is asynchronous,
 * so the event-loop model can call it from a Netty event loop.
 */
package dev.baton.app.data;
