package dev.baton.data;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.baton.common.http.HttpServerInitializer;
import dev.baton.common.net.Transport;
import dev.baton.data.http.DataRouter;
import dev.baton.data.http.HealthMonitor;
import dev.baton.data.http.InFlightHandler;
import dev.baton.data.http.InFlightRequests;
import dev.baton.data.store.Database;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data tier's Netty HTTP server and the bounded JDBC executor its routes run on.
 * {@link #close()} stops accepting, waits up to the drain deadline for in-flight requests, then closes
 * the connections and the executor.
 */
public final class DataTierServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataTierServer.class);
    /** Requests waiting for a JDBC thread beyond this many are refused with 503 rather than queued. */
    static final int JDBC_QUEUE = 1024;
    private static final long IDLE_SECONDS = 60;
    /** The JSON endpoints need some room even when the value limit is tiny. */
    private static final int MIN_BODY_BYTES = 64 * 1024;
    /** The name of the router in {@link HttpServerInitializer}'s pipeline. */
    private static final String ROUTER = "router";

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final ThreadPoolExecutor jdbc;
    private final HealthMonitor health;
    private final InFlightRequests inFlight;
    private final long drainSeconds;

    private DataTierServer(EventLoopGroup group, Channel serverChannel, ChannelGroup connections,
                           ThreadPoolExecutor jdbc, HealthMonitor health, InFlightRequests inFlight, long drainSeconds) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.jdbc = jdbc;
        this.health = health;
        this.inFlight = inFlight;
        this.drainSeconds = drainSeconds;
    }

    /**
     * Binds {@code config.bind():config.port()} and serves the data tier's API over {@code db}.
     *
     * @throws StartupException when the port cannot be bound
     */
    public static DataTierServer start(DataTierConfig config, Database db, MetricRegistry registry) {
        ThreadPoolExecutor jdbc = jdbcExecutor(config.poolSize(), registry);
        HealthMonitor health = new HealthMonitor(db, config.id(), 1_000);
        InFlightRequests inFlight = new InFlightRequests();
        var router = DataRouter.build(db, jdbc, config.maxValueBytes(), health, registry);
        int maxBody = Math.max(config.maxValueBytes(), MIN_BODY_BYTES);
        ChannelGroup connections = new DefaultChannelGroup("data-connections", GlobalEventExecutor.INSTANCE);
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(0, "data-io");
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            connections.add(ch);
                            ch.pipeline().addLast(new HttpServerInitializer(router, maxBody, IDLE_SECONDS));
                            // The initializer has run by now (the channel is registered): count at the router.
                            ch.pipeline().addBefore(ROUTER, "in-flight", new InFlightHandler(inFlight));
                        }
                    })
                    .bind(config.bind(), config.port()).sync().channel();
            log.info("data tier {} listening on {} ({})", config.id(), channel.localAddress(), transport);
            return new DataTierServer(group, channel, connections, jdbc, health, inFlight, config.drainSeconds());
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            jdbc.shutdownNow();
            health.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new StartupException("cannot listen on " + config.bind() + ":" + config.port() + ": " + bindFailure(e), e);
        }
    }

    private static String bindFailure(Exception e) {
        // Epoll reports a busy port as a NativeIoException, NIO as a BindException; both say "in use".
        String message = String.valueOf(e.getMessage());
        if (e instanceof BindException || message.contains("in use")) {
            return message.contains("in use") ? "address already in use" : message;
        }
        return e.toString();
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        try {
            if (!inFlight.awaitIdle(drainSeconds, TimeUnit.SECONDS)) {
                log.warn("{} request(s) still in flight after {}s; closing anyway", inFlight.count(), drainSeconds);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAfterFlush();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        jdbc.shutdown();
        try {
            jdbc.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        health.close();
        log.info("data tier server stopped");
    }

    /**
     * Closes every connection once what was written to it has reached the socket: an empty write at the
     * transport end of the pipeline completes only after the responses queued before it.
     */
    private void closeAfterFlush() {
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel ch : connections) {
            ChannelHandlerContext first = ch.pipeline().firstContext();
            if (first == null) {
                closing.add(ch.close());
            } else {
                first.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                closing.add(ch.closeFuture());
            }
        }
        for (ChannelFuture f : closing) {
            f.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    private static ThreadPoolExecutor jdbcExecutor(int threads, MetricRegistry registry) {
        AtomicInteger n = new AtomicInteger();
        // As many threads as connections: a thread never waits for the pool, only for the database.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(JDBC_QUEUE), r -> {
                    Thread t = new Thread(r, "data-jdbc-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        registry.register("jdbc.executor.queued", (Gauge<Integer>) () -> executor.getQueue().size());
        registry.register("jdbc.executor.active", (Gauge<Integer>) executor::getActiveCount);
        return executor;
    }
}
