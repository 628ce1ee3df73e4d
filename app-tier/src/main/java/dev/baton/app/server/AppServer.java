package dev.baton.app.server;

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

    /** Open client connections (for metrics and tests). */
    int openConnections();

    @Override
    void close();
}
