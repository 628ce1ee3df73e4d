/** The event-loop model: Netty, non-blocking, the seed's finite-state machine. */
package dev.baton.app.eventloop;
