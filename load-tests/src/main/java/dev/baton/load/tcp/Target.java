package dev.baton.load.tcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the load goes. Only loopback addresses are accepted: this tool is for this machine's own cluster.
 *
 * @param host a loopback host name or address
 * @param port 1-65535
 */
public record Target(String host, int port) {
    public Target {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException("host: '" + host + "' (expected: a loopback address such as 127.0.0.1)");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host: '" + host + "' (unknown host)");
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
