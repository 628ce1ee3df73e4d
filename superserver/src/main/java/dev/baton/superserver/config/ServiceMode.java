package dev.baton.superserver.config;

/** How a service serves its connections, as in inetd. */
public enum ServiceMode {
    /** A new handler (in-process or a program) for each connection. */
    NOWAIT,
    /** One long-running server, started on the first connection and handed every connection. */
    WAIT
}
