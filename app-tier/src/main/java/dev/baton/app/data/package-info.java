/**
 * The app tier's client of the data tier: finds instances in ZooKeeper, balances across them, and
 * guards every call with Resilience4j (time limit, retry, circuit breaker, bulkhead). Everything is
 * asynchronous, so the event-loop model can call it from a Netty event loop.
 */
package dev.baton.app.data;
