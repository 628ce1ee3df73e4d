package dev.baton.superserver.registry;

import com.codahale.metrics.MetricRegistry;
import dev.baton.superserver.config.RegistryConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon registry: a TCP listener (well-known port 7111) speaking the line protocol over a
 * {@link RegistryTable}, which it sweeps for expired leases every second.
 */
public final class RegistryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegistryServer.class);

    private final RegistryTable table;
    private final ExecutorService blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("registry-", 0).factory());
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("registry-leases").daemon().factory());
    private Channel serverChannel;

    private RegistryServer(RegistryTable table) {
        this.table = table;
    }

    /** Binds the registry port and starts sweeping leases; the table is closed with the server. */
    public static RegistryServer start(RegistryConfig config, RegistryTable table, EventLoopGroup group,
                                       Class<? extends ServerChannel> channelType, MetricRegistry metrics)
            throws InterruptedException {
        RegistryServer server = new RegistryServer(table);
        RegistryProtocol protocol = new RegistryProtocol(table, config.token(), config.dumpMaxBytes());
        server.serverChannel = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new RegistryInitializer(protocol, server.blocking, config.maxLineBytes(),
                        metrics.meter("registry.requests")))
                .bind(new InetSocketAddress(config.bind(), config.port()))
                .sync()
                .channel();
        server.sweeper.scheduleWithFixedDelay(server::sweep, 1, 1, TimeUnit.SECONDS);
        return server;
    }

    private void sweep() {
        try {
            int n = table.expire();
            if (n > 0) {
                log.info("registry: {} lease(s) expired", n);
            }
        } catch (RuntimeException e) {
            log.warn("registry: lease sweep failed: {}", e.toString());
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public RegistryTable table() {
        return table;
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        sweeper.shutdownNow();
        blocking.shutdown();
        table.close();
    }
}
