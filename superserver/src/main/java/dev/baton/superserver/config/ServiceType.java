package dev.baton.superserver.config;

/** What serves a service's connections. */
public enum ServiceType {
    /** A built-in handler ({@link InternalService}), nowait only. */
    INTERNAL,
    /** An external program: nowait, the connection is its stdin/stdout; wait, it receives handed-off sockets. */
    PROGRAM,
    /** A Java main class on a class path, started as its own JVM; wait only. */
    JAVA
}
