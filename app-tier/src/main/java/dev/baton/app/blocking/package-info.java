/**
 * The blocking models (thread-per-connection, virtual threads, single-threaded): plain blocking
 * sockets and a small HTTP/1.1 reader and writer with the same limits as the event-loop pipeline.
 */
package dev.baton.app.blocking;
