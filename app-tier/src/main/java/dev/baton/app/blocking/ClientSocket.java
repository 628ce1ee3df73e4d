package dev.baton.app.blocking;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * A connection for a blocking model to serve: accepted by its own listener, or handed off by the
 * switch, which then also passes the client's address and the bytes it already read from it.
 *
 * @param channel         the connected socket
 * @param prefix          bytes read from the client before us (served first); empty when accepted here
 * @param handedOffClient the client's address as the switch saw it; null when accepted here (then a
 *                        PROXY header or the peer address says who the client is)
 */
record ClientSocket(SocketChannel channel, byte[] prefix, InetSocketAddress handedOffClient) {
    static ClientSocket accepted(SocketChannel channel) {
        return new ClientSocket(channel, new byte[0], null);
    }

    static ClientSocket handedOff(SocketChannel channel, InetSocketAddress client, byte[] prefix) {
        return new ClientSocket(channel, prefix, client);
    }

    boolean isHandedOff() {
        return handedOffClient != null;
    }

    /** The client's bytes: the prefix first, then the socket's (whose reads honour SO_TIMEOUT). */
    InputStream input(int bufferSize) throws IOException {
        InputStream socket = channel.socket().getInputStream();
        InputStream all = prefix.length == 0 ? socket : new SequenceInputStream(new ByteArrayInputStream(prefix), socket);
        return new BufferedInputStream(all, bufferSize);
    }
}
