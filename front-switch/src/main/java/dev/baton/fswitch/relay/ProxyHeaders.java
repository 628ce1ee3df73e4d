package dev.baton.fswitch.relay;

import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Builds the PROXY protocol v2 header that tells a backend who the client is. */
final class ProxyHeaders {
    private ProxyHeaders() {}

    /** PROXY TCP4/TCP6 from client to the switch's local address; LOCAL when either is not an IP address. */
    static HAProxyMessage v2(SocketAddress client, SocketAddress local) {
        if (!(client instanceof InetSocketAddress src) || !(local instanceof InetSocketAddress dst)
                || src.getAddress() == null || dst.getAddress() == null) {
            return new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.LOCAL,
                    HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0);
        }
        InetAddress s = src.getAddress();
        InetAddress d = dst.getAddress();
        if (s instanceof Inet4Address && d instanceof Inet4Address) {
            return new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY, HAProxyProxiedProtocol.TCP4,
                    s.getHostAddress(), d.getHostAddress(), src.getPort(), dst.getPort());
        }
        return new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY, HAProxyProxiedProtocol.TCP6,
                v6(s), v6(d), src.getPort(), dst.getPort());
    }

    private static String v6(InetAddress a) {
        return a instanceof Inet4Address ? "::ffff:" + a.getHostAddress() : a.getHostAddress();
    }
}
