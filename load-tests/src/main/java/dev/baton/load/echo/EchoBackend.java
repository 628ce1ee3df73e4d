package dev.baton.load.echo;

import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.Registration;
import dev.baton.common.lifecycle.Closeables;
import dev.baton.common.net.Transport;
import dev.baton.common.zk.ZooKeeperClients;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;

/**
 * A TCP echo server on 127.0.0.1 registered in ZooKeeper as an instance of {@code service}, so a switch
 * that watches that service balances over it. Closing it deregisters first, then stops serving.
 *
 * <pre>{@code
 * try (EchoBackend echo = EchoBackend.start("echo-1", 0, "127.0.0.1:2181", "app")) { ... echo.port() ... }
 * }</pre>
 */
public final class EchoBackend implements AutoCloseable {
    private final Transport transport = Transport.best();
    private final EventLoopGroup group = transport.newGroup(1, "echo");
    private final AtomicLong echoed = new AtomicLong();
    private Channel server;
    private CuratorFramework curator;
    private Discovery discovery;
    private Registration registration;

    private EchoBackend() {}

    /** Binds {@code port} (0 picks one) on 127.0.0.1 and registers as {@code id} of {@code service}. */
    public static EchoBackend start(String id, int port, String zookeeper, String service) throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        EchoBackend echo = new EchoBackend();
        try {
            echo.bind(port);
            echo.register(id, zookeeper, service);
            return echo;
        } catch (Exception | Error e) {
            echo.close();
            throw e;
        }
    }

    private void bind(int port) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new EchoHandler(echoed))
                .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    }

    private void register(String id, String zookeeper, String service) throws Exception {
        curator = ZooKeeperClients.start(zookeeper, Duration.ofSeconds(5), Duration.ofSeconds(15));
        discovery = Discovery.start(curator);
        registration = discovery.register(service, id,
                new InstanceDetails("127.0.0.1", port(), port(), null, null, 1, null, "echo", "1.0"));
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Bytes echoed so far (a health check's bare connect adds none). */
    public long echoedBytes() {
        return echoed.get();
    }

    @Override
    public void close() {
        Closeables.closeQuietly(registration);
        Closeables.closeQuietly(discovery);
        if (curator != null) {
            curator.close();
        }
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
