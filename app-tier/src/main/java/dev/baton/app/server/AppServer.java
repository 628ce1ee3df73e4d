package dev.baton.app.server;

import dev.baton.common.handoff.HandedOff;
import java.net.InetSocketAddress;

/**
 * A running app server of one {@link ServerModel}. {@link #close()} drains: it stops accepting,
 * closes idle keep-alive connections, lets requests in flight finish within the drain deadline, then
 * closes what is left.
 */
public interface AppServer extends AutoCloseable {
    ServerModel model();

    /** The bound listening address (the real port when configured with port 0). */
    InetSocketAddress localAddress();

    default int port() {
        return localAddress().getPort();
    }

    /**
     * Open client connections, accepted here or handed off, including those waiting for a thread: the
     * load this server reports to the switch (issue 4), and a metric.
     */
    int openConnections();

    /**
     * Serves a connection handed off by the switch: its client address is the header's (no PROXY header
     * is read on it) and the header's prefix is served before anything read from the socket. Takes
     * ownership of the descriptor, closing it on failure; returns at once (callable on an event loop).
     */
    void adopt(HandedOff connection);

    @Override
    void close();
}
