/**
 * The data tier's storage: a pooled {@link dev.baton.data.store.Database} with retried transactions, and
 * the stores on top of it (versioned key-value, accounts, idempotent transfers). Plain JDBC that runs
 * unchanged on H2 and PostgreSQL. Everything here blocks: call it from the JDBC executor, never from an
 * event loop.
 */
package dev.baton.data.store;
