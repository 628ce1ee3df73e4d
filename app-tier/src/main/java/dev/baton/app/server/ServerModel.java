package dev.baton.app.server;

import dev.baton.common.config.Check;

/** The app server's threading models (issue 5), named on the command line in kebab case. */
public enum ServerModel {
    /** Netty, non-blocking: the seed's finite-state machine. */
    EVENT_LOOP,
    /** Blocking code on virtual threads: the M:N model. */
    VIRTUAL_THREADS,
    /** Blocking sockets; a dispatcher hands each connection to a worker of a bounded pool. */
    THREAD_PER_CONNECTION,
    /** One thread, blocking, one connection at a time: the seed's baseline. */
    SINGLE_THREADED;

    /** The command-line name, e.g. {@code event-loop}. */
    public String label() {
        return Check.label(this);
    }

    /** Whether request handling may block the thread it runs on. */
    public boolean blocking() {
        return this != EVENT_LOOP;
    }
}
